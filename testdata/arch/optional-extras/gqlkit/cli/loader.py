import importlib


def load_schema(spec):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name or "schema")
