import sys

if sys.version_info >= (3,):
    __all__: list = "one", "two"


def f():
    __all__ = ["not_module_scope"]
