from uuid import uuid4

from comments.adapters.repository.comments import CommentRepository
from comments.domain.comment import Comment


class MakeAComment:
    def __init__(self, repository: CommentRepository):
        self.repository = repository

    def __call__(self, author: str, text: str) -> Comment:
        comment = Comment(uuid4(), author, text)
        self.repository.add(comment)
        return comment
