"""Starts Tunes: the libraries it needs are vendored in lib/."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))

from tunes import webstart  # noqa: E402


if __name__ == "__main__":
    webstart.initialize({"http_port": 8181})
