#!/usr/bin/env python
# -*- coding: utf-8 -*-
from setuptools import find_packages, setup

__version__ = "2.1.0"
BASE = [
    "requests>=2.0",  # http
    'click',
]
TESTS = ["pytest"]
BASE += ["rich"]

setup(
    name="literal-demo",
    version=__version__,
    python_requires=">=3.8",
    packages=find_packages(),
    install_requires=BASE + ["attrs"],
    extras_require={
        "test": TESTS,
        'docs': ["sphinx>=5", r"furo"],
        "all": """
            numpy
            pandas>=2
        """,
    },
    setup_requires=("setuptools_scm",),
    tests_require=TESTS,
)
