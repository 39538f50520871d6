from setuptools import find_packages, setup

setup(
    name="pager",
    version="2.1.0",
    package_dir={"": "src"},
    packages=find_packages("src"),
    install_requires=["falcon==3.1.1", "gunicorn"],
    entry_points={"console_scripts": ["pager-dev = pager.bin.run_server:main"]},
)
