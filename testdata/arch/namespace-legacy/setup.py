# An add-on of the old kind: namespace packages declared with pkg_resources
# (namespace_packages), not PEP 420 directories.
from setuptools import find_packages, setup

setup(
    name="plone.app.todo",
    version="1.4.0",
    packages=find_packages("src"),
    package_dir={"": "src"},
    namespace_packages=["plone", "plone.app"],
    install_requires=["setuptools", "Products.CMFPlone", "plone.app.registry"],
)
