import tornado.web

from cms.models import Entry


class PostHandler(tornado.web.RequestHandler):
    def get(self, key: str = "") -> None:
        entries = Entry.select().where(Entry.kind == "post")
        self.render("post.html", key=key, entries=list(entries))
