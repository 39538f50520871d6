from setuptools import find_packages, setup

setup(
    name="tally",
    version="0.4.0",
    packages=find_packages(),
    install_requires=["pyramid", "opskit"],
    entry_points={"paste.app_factory": ["main = tally:main"]},
)
