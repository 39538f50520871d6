import functools
from typing import Generic, TypeVar

T = TypeVar("T")


@functools.lru_cache(maxsize=None)
@router.get("/items/{id}")
@app.route
@x[T]
@a.b[T](1)
@a.b(1)[T]
@(paren.deco)
@(lambda f: f)
@make()()
@obj.attr.method(1).after
def handler():
    pass


class Api(Base, models.Model, Generic[T], mixins.M[T](), *extra, metaclass=Meta, **kw):
    @staticmethod
    def get_user():
        @wraps(get_user)
        def inner():
            class Local(object):
                @property
                def p(self):
                    pass
        return inner

    class Nested(Api.Inner,
                 other.Base):
        @classmethod
        async def make(cls):
            pass


@dataclass
class Plain:
    pass


class Old():
    pass
