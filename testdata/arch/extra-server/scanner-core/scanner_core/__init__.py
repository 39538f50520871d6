from scanner_core.engine import Finding, scan

__all__ = ["Finding", "scan"]
