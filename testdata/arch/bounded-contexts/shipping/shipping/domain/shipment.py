from dataclasses import dataclass


@dataclass
class Shipment:
    order_id: str
    carrier: str
    dispatched: bool = False
