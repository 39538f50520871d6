import falcon


class ChatResource:
    def __init__(self, app) -> None:
        self.app = app

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = self.app.dispatch(req.media)
