import tornado.web

from cms.models import Entry


class AuthHandler(tornado.web.RequestHandler):
    def get(self, key: str = "") -> None:
        entries = Entry.select().where(Entry.kind == "auth")
        self.render("auth.html", key=key, entries=list(entries))
