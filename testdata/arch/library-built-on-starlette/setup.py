from setuptools import setup

setup(
    name="sessionkit",
    version="0.3.0",
    description="SQLAlchemy sessions for FastAPI requests",
    packages=["sessionkit"],
    install_requires=["fastapi>=0.52.0", "starlette>=0.13", "SQLAlchemy>=1.2"],
)
