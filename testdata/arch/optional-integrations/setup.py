from setuptools import find_packages, setup

setup(
    name="tracekit",
    version="0.8.0",
    packages=find_packages(),
    extras_require={"django": ["Django"], "flask": ["Flask"], "fastapi": ["fastapi"]},
)
