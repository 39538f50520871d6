from setuptools import find_packages, setup

setup(
    name="authkit",
    version="1.2.0",
    packages=find_packages(exclude=("tests",)),
    install_requires=open("requirements.txt").read().splitlines(),
)
