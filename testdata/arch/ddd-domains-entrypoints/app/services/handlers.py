from app.adapters.repository import PostRepository


def like_post(repo: PostRepository, post_id, user_id):
    post = repo.get(post_id)
    post.like(user_id)
    repo.save(post)
