class A:
    __all__ = ["no"]

__all__ = ["a", f"b"]
__all__.extend(["c"])
__all__ = ["d", b"e"]
