from setuptools import find_packages, setup

setup(
    name="tracelight",
    version="0.4.0",
    packages=find_packages(include=["tracelight", "tracelight.*"]),
    python_requires=">=3.9",
    extras_require={
        "test": ["pytest"],
        "examples": ["django", "flask"],
    },
)
