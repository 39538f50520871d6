from typing import Optional


class UserService:
    def __init__(self, repo: UserRepository, other: repos.OtherRepository,
                 maybe: Optional[Repo] = None, s: "StrRepo" = None, ds: "a.B" = None,
                 bad: "not a name", cb=lambda a, b: a, *args: Args,
                 key: KeyRepo = Depends(get_key), **kwargs: Kw):
        self.repo = repo

    class Inner:
        def __init__(self, cls: Meta, x: int, /, y: float):
            pass


class NotDirect:
    if True:
        def __init__(self, hidden: Hidden):
            pass


def __init__(self, free: Free):
    pass
