"""Token and basic authentication for Flask routes, in one module."""

from functools import wraps

from flask import g, request, make_response


class Guard:
    """Protects view functions: the login_required decorator checks the
    request's credentials with the verify callback the user registers."""

    def __init__(self, scheme="Bearer"):
        self.scheme = scheme
        self.verify = None

    def verify_token(self, callback):
        self.verify = callback
        return callback

    def login_required(self, view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            user = self.verify(token) if scheme == self.scheme and self.verify else None
            if user is None:
                return make_response("unauthorized", 401)
            g.user = user
            return view(*args, **kwargs)

        return wrapper
