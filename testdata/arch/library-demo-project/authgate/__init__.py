from authgate.bearer import BearerAuth

__all__ = ["BearerAuth"]
