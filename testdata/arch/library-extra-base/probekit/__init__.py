from probekit.probe import Probe

__all__ = ["Probe"]
