from shipping.domain.shipment import Shipment


def dispatch(shipment: Shipment) -> Shipment:
    shipment.dispatched = True
    return shipment
