from flask import Blueprint, jsonify

from shop.repositories.orders import OrderRepository
from shop.services.checkout import total

bp = Blueprint("orders", __name__)


@bp.get("/orders/<int:order_id>/total")
def order_total(order_id):
    return jsonify(total=total(OrderRepository().get(order_id)))
