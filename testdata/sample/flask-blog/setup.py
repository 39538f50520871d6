from setuptools import find_packages, setup

setup(
    name="flask-blog",
    version="0.9.1",
    packages=find_packages(exclude=["tests"]),
    include_package_data=True,
    python_requires=">=3.10",
    install_requires=[
        "Flask>=3.0",
        "Flask-SQLAlchemy>=3.1",
        "Flask-Login>=0.6",
        "rq>=1.16",
        "redis>=5.0",
    ],
)
