from msgkit.broker.fastapi.router import BrokerRouter

__all__ = ["BrokerRouter"]
