from setuptools import setup

setup(
    name="pagerkit",
    version="0.3.1",
    packages=["pagerkit"],
    install_requires=["fastapi>=0.95"],
)
