from dataclasses import dataclass, field


@dataclass
class Post:
    id: int
    title: str
    likes: set = field(default_factory=set)

    def like(self, user_id):
        self.likes.add(user_id)
