"""A copy of bleach."""
__version__ = "6.1.0"


def clean(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")
