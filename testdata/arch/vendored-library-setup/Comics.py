#!/usr/bin/env python3
from comics import webstart

if __name__ == "__main__":
    webstart.start({"http_port": 8090})
