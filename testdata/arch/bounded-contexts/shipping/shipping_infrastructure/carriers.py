class PostalCarrier:
    name = "postal"
