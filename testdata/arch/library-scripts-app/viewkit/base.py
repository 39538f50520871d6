from flask import Blueprint, Flask, render_template


class ViewKit:
    """Adds the generated CRUD views to the application it is given."""

    def __init__(self, app: Flask | None = None):
        self.blueprint = Blueprint("viewkit", __name__, template_folder="templates")
        self.blueprint.add_url_rule("/", "index", self.index)
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask):
        app.register_blueprint(self.blueprint, url_prefix="/admin")

    def index(self):
        return render_template("viewkit/index.html")
