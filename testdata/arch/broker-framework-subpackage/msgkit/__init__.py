from msgkit.app import MsgKit

__all__ = ["MsgKit"]
