from shop.core.ports.carts import CartRepository, PaymentGateway


class Checkout:
    def __init__(self, carts: CartRepository, payments: PaymentGateway) -> None:
        self.carts = carts
        self.payments = payments

    def __call__(self, cart_id: str) -> str:
        return self.payments.charge(self.carts.get(cart_id))
