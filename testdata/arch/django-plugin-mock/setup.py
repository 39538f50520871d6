from setuptools import find_packages, setup

setup(
    name="galaxy-plugin",
    version="4.0.0",
    packages=find_packages(exclude=["profiles*"]),
    install_requires=["pulpcore>=3.40", "django>=4.2"],
    entry_points={"pulpcore.plugin": ["galaxy_plugin = galaxy_plugin:default_app_config"]},
)
