from orders.domain.model import OrderLine, Product


def test_allocate_reduces_available_quantity(batch):
    product = Product("SMALL-TABLE", [batch])
    product.allocate(OrderLine("order-1", "SMALL-TABLE", 2))
    assert batch.available_quantity == 18
