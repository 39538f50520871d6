import tornado.web

from cms.models import Entry


class SearchHandler(tornado.web.RequestHandler):
    def get(self, key: str = "") -> None:
        entries = Entry.select().where(Entry.kind == "search")
        self.render("search.html", key=key, entries=list(entries))
