import json

from flask import Blueprint, Response, request

from lending.repository.memrepo import MemRepo
from lending.requests.loan_list import build_loan_list_request
from lending.serializers.loan import LoanJsonEncoder
from lending.use_cases.loan_list import loan_list_use_case

blueprint = Blueprint("loan", __name__)


@blueprint.route("/loans", methods=["GET"])
def loan_list():
    request_object = build_loan_list_request(filters=request.args)
    response = loan_list_use_case(MemRepo([]), request_object)
    return Response(json.dumps(response.value, cls=LoanJsonEncoder), mimetype="application/json")
