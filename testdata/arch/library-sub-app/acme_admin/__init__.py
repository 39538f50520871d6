from acme_admin.application import Admin

__all__ = ["Admin"]
