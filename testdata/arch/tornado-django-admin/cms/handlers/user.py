import tornado.web

from cms.models import Entry


class UserHandler(tornado.web.RequestHandler):
    def get(self, key: str = "") -> None:
        entries = Entry.select().where(Entry.kind == "user")
        self.render("user.html", key=key, entries=list(entries))
