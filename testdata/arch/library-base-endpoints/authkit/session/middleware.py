from starlette.authentication import AuthCredentials, AuthenticationBackend, SimpleUser


class SessionBackend(AuthenticationBackend):
    async def authenticate(self, conn):
        token = conn.cookies.get("session")
        if token is None:
            return None
        return AuthCredentials(["authenticated"]), SimpleUser(token)
