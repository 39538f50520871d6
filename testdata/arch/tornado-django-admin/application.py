import tornado.web

from cms.handlers import auth, feed, page, post, search, user


def make_app() -> tornado.web.Application:
    return tornado.web.Application(
        [
            (r"/", page.IndexHandler),
            (r"/page/(\w+)", page.PageHandler),
            (r"/post/(\d+)", post.PostHandler),
            (r"/user/(\w+)", user.UserHandler),
            (r"/search", search.SearchHandler),
            (r"/feed", feed.FeedHandler),
            (r"/login", auth.LoginHandler),
        ],
        template_path="templates",
        cookie_secret="change-me",
    )
