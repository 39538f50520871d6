from todo.core.people.protocols.person_repo import PersonRepo


async def exists(repo: PersonRepo, email: str) -> bool:
    return await repo.by_email(email) is not None
