# Annotations that wrap one class: Optional[X], Type[X], type[X], X | None.
import typing
from typing import Optional, Type


class Wiring:
    def __init__(
        self,
        maybe: Optional[UserRepository] = None,
        typed: typing.Optional[repos.OrderRepository] = None,
        klass: Type[PaymentGateway] = None,
        builtin: type[Clock] = None,
        union: Mailer | None = None,
        left: None | Notifier = None,
        forward: Optional["Cache"] = None,
        nested: Optional[Type[EventBus]] = None,
        grouped: (Ledger) = None,
        grouped_union: (Ledger | None) = None,
        spaced: Optional[
            Tracer  # a comment inside the brackets
        ] = None,
        many: Optional[A, B] = None,
        three: A | B | None = None,
        nones: None | None = None,
        mapping: dict[str, Handler] = None,
        call: Optional(Repo) = None,
        subscripted: Optional[Repo][0] = None,
        string_whole: "Optional[Repo]" = None,
        tuple_: (Ledger,) = None,
    ):
        pass
