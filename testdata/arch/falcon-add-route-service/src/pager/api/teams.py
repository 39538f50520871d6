import json


def on_get(req, resp):
    resp.text = json.dumps(["sre", "payments"])
