from setuptools import find_packages, setup

setup(name="shop-gateway", version="1.0.0", packages=find_packages(), install_requires=["nameko"])
