# An add-on of the old kind at the top of the tree (no src/): namespace packages declared with pkg_resources
# (namespace_packages), not PEP 420 directories.
from setuptools import find_packages, setup

setup(
    name="plone.app.todo",
    version="1.4.0",
    packages=find_packages(),
    namespace_packages=["plone", "plone.app"],
    install_requires=["setuptools", "Products.CMFPlone", "plone.app.registry"],
)
