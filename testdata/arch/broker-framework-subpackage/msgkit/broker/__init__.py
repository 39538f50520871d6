from msgkit.broker.core.broker import Broker

__all__ = ["Broker"]
