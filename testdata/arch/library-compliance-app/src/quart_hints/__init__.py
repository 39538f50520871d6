from .extension import QuartHints, validate_request

__all__ = ["QuartHints", "validate_request"]
