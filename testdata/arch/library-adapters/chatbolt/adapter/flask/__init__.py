from flask import Request, jsonify


class ChatRequestHandler:
    def __init__(self, app) -> None:
        self.app = app

    def handle(self, req: Request):
        return jsonify(self.app.dispatch(req.get_json()))
