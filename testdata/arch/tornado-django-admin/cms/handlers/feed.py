import tornado.web

from cms.models import Entry


class FeedHandler(tornado.web.RequestHandler):
    def get(self, key: str = "") -> None:
        entries = Entry.select().where(Entry.kind == "feed")
        self.render("feed.html", key=key, entries=list(entries))
