from tgclient.client import Client

__all__ = ["Client"]
