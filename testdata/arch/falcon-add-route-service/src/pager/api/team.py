import json


class Team:
    def on_get(self, req, resp, team):
        resp.text = json.dumps({"name": team})


def on_get(req, resp, team):
    Team().on_get(req, resp, team)
