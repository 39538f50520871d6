from starlette.routing import Route, Router

from authkit.session.endpoints import SessionLoginEndpoint, SessionLogoutEndpoint


def session_router() -> Router:
    """The login and logout routes, for the user's application to mount."""
    return Router(routes=[Route("/login", SessionLoginEndpoint), Route("/logout", SessionLogoutEndpoint)])
