from accounts.domain.ports import AbstractUnitOfWork, UserRepo


class SignupController:
    def __init__(self, uow: AbstractUnitOfWork, users: "UserRepo") -> None:
        self.uow = uow
        self.users = users

    def post(self, email: str, hashed: str) -> int:
        with self.uow:
            user_id = self.users.add(email, hashed)
            self.uow.commit()
        return user_id


class Page:
    def __init__(self, title: str, size: int = 20) -> None:
        self.title = title
        self.size = size
