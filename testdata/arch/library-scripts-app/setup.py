from setuptools import find_packages, setup

setup(
    name="viewkit",
    version="2.1.0",
    packages=find_packages(exclude=["bin"]),
    install_requires=["flask>=2.0", "flask-sqlalchemy>=3.0"],
)
