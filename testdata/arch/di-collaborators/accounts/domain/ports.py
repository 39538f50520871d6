import abc


class PasswordHasher(abc.ABC):
    @abc.abstractmethod
    def hash(self, password: str) -> str: ...


class Clock(abc.ABC):
    @abc.abstractmethod
    def now(self) -> float: ...


class UserRepo(abc.ABC):
    @abc.abstractmethod
    def add(self, email: str, hashed: str) -> int: ...


class AbstractUnitOfWork(abc.ABC):
    users: UserRepo

    def __enter__(self) -> "AbstractUnitOfWork":
        return self

    def __exit__(self, *exc) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...
