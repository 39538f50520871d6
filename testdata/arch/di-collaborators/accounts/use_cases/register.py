from accounts.domain.ports import Clock, PasswordHasher


class UserCreator:
    """Receives its collaborators; named neither *Service nor *UseCase."""

    def __init__(self, hasher: PasswordHasher, clock: Clock) -> None:
        self.hasher = hasher
        self.clock = clock

    def __call__(self, email: str, password: str) -> tuple[str, float]:
        return self.hasher.hash(password), self.clock.now()
