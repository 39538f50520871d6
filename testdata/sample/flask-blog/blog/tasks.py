from redis import Redis
from rq import Queue

from blog.config import Config

queue = Queue("emails", connection=Redis.from_url(Config.REDIS_URL))


def notify_followers(post_id: int) -> None:
    from blog import create_app
    from blog.extensions import db
    from blog.models import Post

    with create_app().app_context():
        post = db.session.get(Post, post_id)
        print(f"notifying followers of {post.author.username} about {post.title}")


def enqueue_notification(post_id: int) -> None:
    queue.enqueue(notify_followers, post_id)
