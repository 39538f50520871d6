from sqlalchemy.orm import Session

from shop.core.entities.cart import Cart


class SqlCartRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, cart_id: str) -> Cart:
        return Cart(id=cart_id)

    def save(self, cart: Cart) -> None:
        self.session.merge(cart)
