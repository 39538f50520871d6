from flask_restful import Resource, abort, reqparse

NOTES: dict[int, str] = {}
parser = reqparse.RequestParser()
parser.add_argument("text", required=True)


class NoteList(Resource):
    def get(self):
        return NOTES

    def post(self):
        args = parser.parse_args()
        note_id = len(NOTES) + 1
        NOTES[note_id] = args["text"]
        return {note_id: args["text"]}, 201


class Note(Resource):
    def get(self, note_id: int):
        if note_id not in NOTES:
            abort(404)
        return {note_id: NOTES[note_id]}
