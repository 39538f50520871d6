"""The application factory: a LedgerFlask, which derives from the repository's own MultiStaticFlask."""
from flask_babel import Babel

from ledger.lib.multistatic import MultiStaticFlask
from ledger.views import datasets


class LedgerFlask(MultiStaticFlask):
    """The catalogue's Flask: plugins may swap its request class."""

    def can_handle_request(self, environ):
        return environ.get("PATH_INFO", "").startswith("/")


def make_app(conf):
    app = LedgerFlask(__name__, static_url_path="", static_folders=conf.get("static_folders", ()))
    app.config.update(conf)
    Babel(app)
    app.register_blueprint(datasets.bp)
    return app
