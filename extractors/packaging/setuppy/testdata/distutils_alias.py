try:
    from setuptools import setup as _setup
except ImportError:
    from distutils.core import setup as _setup

kwargs = dict(name="aliased", install_requires=["six", "not a req!"])
_setup(**kwargs)
