def total(order):
    return sum(price * qty for price, qty in order.lines)
