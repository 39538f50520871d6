from typing import Protocol

from shop.core.entities.cart import Cart


class CartRepository(Protocol):
    def get(self, cart_id: str) -> Cart: ...

    def save(self, cart: Cart) -> None: ...


class PaymentGateway(Protocol):
    def charge(self, cart: Cart) -> str: ...
