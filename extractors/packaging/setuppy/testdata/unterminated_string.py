from setuptools import setup
setup(
    name="broken",
    install_requires=["ok", "never closed],
)
