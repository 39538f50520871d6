from adminkit.application import Admin

__all__ = ["Admin"]
