import tornado.web

from cms.models import Entry


class PageHandler(tornado.web.RequestHandler):
    def get(self, key: str = "") -> None:
        entries = Entry.select().where(Entry.kind == "page")
        self.render("page.html", key=key, entries=list(entries))


class IndexHandler(tornado.web.RequestHandler):
    def get(self) -> None:
        self.render("index.html", entries=list(Entry.select().limit(10)))
