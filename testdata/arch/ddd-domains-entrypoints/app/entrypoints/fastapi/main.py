from fastapi import FastAPI

from app.adapters.repository import PostRepository
from app.services.handlers import like_post

repo = PostRepository()


def create_app():
    app = FastAPI()

    @app.post("/posts/{post_id}/likes/{user_id}")
    def like(post_id: int, user_id: int):
        like_post(repo, post_id, user_id)
        return {"ok": True}

    return app
