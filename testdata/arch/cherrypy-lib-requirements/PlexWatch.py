"""Starts PlexWatch: the libraries it needs are copied into lib/."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))

from plexwatch import webstart  # noqa: E402

if __name__ == "__main__":
    webstart.start(port=8181)
