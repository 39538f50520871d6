from flask import Blueprint, jsonify, request

answer = Blueprint("answer", __name__)


@answer.route("/api/answer", methods=["POST"])
def answer_question():
    return jsonify({"answer": request.json.get("question", "")[::-1]})
