import tornado.web

from relay.web.handlers import IndexHandler, MessagesHandler, UpdatesSocket


class WebApplication(tornado.web.Application):
    def __init__(self, store):
        super().__init__(
            [(r"/", IndexHandler), (r"/messages", MessagesHandler), (r"/updates", UpdatesSocket)],
            store=store,
            template_path="templates",
        )
