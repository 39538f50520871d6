from setuptools import find_packages, setup

setup(
    name="radio-api",
    version="1.0.0",
    packages=find_packages(exclude=["*tests*"]),
    scripts=["bin/radio-api"],
    install_requires=["django>=4.2", "djangorestframework>=3.14"],
)
