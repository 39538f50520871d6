"""A second application for the command line, the subclass imported under another name."""
from portal.app import Portal as PortalApp


def make_cli_app():
    return PortalApp("portal.cli")
