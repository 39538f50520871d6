from flask import Flask

from blog.config import Config
from blog.extensions import db, login_manager


def create_app(config_class: type = Config) -> Flask:
    """Application factory."""
    app = Flask(__name__)
    app.config.from_object(config_class)

    db.init_app(app)
    login_manager.init_app(app)

    from blog.auth import bp as auth_bp
    from blog.posts import bp as posts_bp

    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(posts_bp)
    return app
