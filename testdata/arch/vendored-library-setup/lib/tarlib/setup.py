from setuptools import setup

setup(name="tarlib", version="4.0", py_modules=["tarlib"])
