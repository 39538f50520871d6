from app.domains.model import Post


class PostRepository:
    def __init__(self):
        self._posts = {1: Post(1, "hello")}

    def get(self, post_id) -> Post:
        return self._posts[post_id]

    def save(self, post: Post):
        self._posts[post.id] = post
