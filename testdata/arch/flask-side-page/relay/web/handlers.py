import json

import tornado.web
import tornado.websocket


class IndexHandler(tornado.web.RequestHandler):
    def get(self):
        self.render("index.html")


class MessagesHandler(tornado.web.RequestHandler):
    def get(self):
        self.write(json.dumps(self.application.settings["store"].recent()))


class UpdatesSocket(tornado.websocket.WebSocketHandler):
    def open(self):
        self.application.settings["store"].subscribe(self)
