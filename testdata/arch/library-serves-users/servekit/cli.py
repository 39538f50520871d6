import argparse
import importlib

import uvicorn
from starlette.applications import Starlette

from servekit.app import ServiceApp


def main() -> None:
    parser = argparse.ArgumentParser(prog="servekit")
    parser.add_argument("target", help="module:attribute naming a servekit.Service")
    args = parser.parse_args()
    module, _, name = args.target.partition(":")
    service = getattr(importlib.import_module(module), name)
    app: Starlette = ServiceApp(service)()
    uvicorn.run(app)
