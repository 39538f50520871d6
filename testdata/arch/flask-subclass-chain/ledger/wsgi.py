import os

from ledger.web.app import make_app

application = make_app({"static_folders": os.environ.get("LEDGER_STATIC", "").split(":")})
