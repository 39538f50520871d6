# Calls record the innermost class whose body holds them (the owner); a
# callee called under two owners is recorded once for each.
import starlette
from starlette.applications import Starlette

app = Starlette()  # no owner


def factory():
    return Starlette(debug=True)  # no owner: a function


@decorate(Starlette())  # a class's decorators stand outside it
class Admin(make_base(Starlette())):  # and so do its bases
    default = Starlette()

    def __init__(self, app: Starlette, child=Starlette()) -> None:
        self.app = app
        self.admin = Starlette(routes=[])
        handler = lambda: Starlette()  # noqa: E731

    @route(Starlette())
    def mount(self):
        def inner():
            return Starlette()

        return [Starlette() for _ in range(2)]

    class Nested:
        def build(self):
            return Starlette()


def outer():
    class Local:
        def build(self):
            return Starlette()

    return Local


class OneLine: built = Starlette(); other = make_base(1)


class OneLineBase(make_base(2)): pass


if True:
    class Indented:
        value = Starlette()
