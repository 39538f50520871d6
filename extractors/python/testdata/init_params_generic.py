# Subscripted annotations: a generic class records the class
# (Repository[User] gives Repository); Annotated[X, ...] and
# Union[X, None] record X.
import typing
from typing import Annotated, Union


class Handler:
    def __init__(
        self,
        users: AbstractRepository[User],
        orders: repos.Repository[Order, int],
        uow: UnitOfWork[Session] | None = None,
        callback: HandlerCallback[Update, Context] = None,
        annotated: Annotated[Mailer, Depends(get_mailer)] = None,
        annotated_dotted: typing.Annotated[mail.Sender, "meta"] = None,
        annotated_tuple: Annotated[(Clock, "meta")] = None,
        annotated_one: Annotated[(Ledger)] = None,
        annotated_empty: Annotated[()] = None,
        annotated_optional: Annotated[Optional[Cache], "x"] = None,
        union: Union[Notifier, None] = None,
        union_left: typing.Union[None, Tracer] = None,
        union_trailing: Union[Bus, None,] = None,
        union_tuple: Union[(Gateway, None)] = None,
        union_two: Union[A, B] = None,
        union_three: Union[A, None, B] = None,
        union_nones: Union[None, None] = None,
        union_one: Union[A] = None,
        nested_generic: Optional[Repository[Item]] = None,
        string_arg: Repository["User"] = None,
        chained: Repository[User][0] = None,
        called: make()[User] = None,
        sliced: Window[1:2] = None,
        none_subscript: None[int] = None,
        mapping: Dict[str, Handler] = None,
        builtin_generic: list[Handler] = None,
    ):
        pass


class Form:
    def __init__(
        self,
        *,
        grant_type: Annotated[
            Union[Scope, None],
            Form(pattern="password"),
            Doc("""A keyword argument's = inside the annotation is no default."""),
        ] = None,
        keyed: Annotated[Mailer, Depends(use_cache=True)] = Depends(get_mailer),
    ):
        pass
