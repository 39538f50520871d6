from setuptools import find_packages, setup

setup(name="chatdemo", version="0.1", packages=find_packages(), install_requires=["aiohttp"])
