from flask import Flask, jsonify, request

from comments.adapters.repository.comments import CommentRepository
from comments.use_case.service.comment import MakeAComment

app = Flask(__name__)
make_a_comment = MakeAComment(CommentRepository())


@app.post("/comments")
def post_comment():
    comment = make_a_comment(request.json["author"], request.json["text"])
    return jsonify(uuid=str(comment.uuid)), 201
