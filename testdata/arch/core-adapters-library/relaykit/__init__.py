from relaykit.core.relay import Relay

__all__ = ["Relay"]
