"""The portal: an application built from a Flask subclass in a factory."""
from portal.app import Portal


def create_app(config=None):
    app = Portal(__name__)
    app.config.from_mapping(config or {})
    from portal.views import pages

    app.register_blueprint(pages.bp)
    return app
