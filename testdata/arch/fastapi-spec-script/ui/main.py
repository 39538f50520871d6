"""A terminal interface, not the service: its main.py builds no
application, though its directory has layers."""
from ui.services import render


def main() -> None:
    print(render)
