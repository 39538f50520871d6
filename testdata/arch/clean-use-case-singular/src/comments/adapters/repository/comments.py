from comments.domain.comment import Comment


class CommentRepository:
    def __init__(self):
        self.comments: dict = {}

    def add(self, comment: Comment) -> None:
        self.comments[comment.uuid] = comment
