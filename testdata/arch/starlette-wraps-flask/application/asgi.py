"""What the server runs (uvicorn application.asgi:asgi_app): a Starlette
application serving the Flask one, imported absolutely from the package."""
from starlette.applications import Starlette
from starlette.middleware.wsgi import WSGIMiddleware
from starlette.routing import Mount

from application.app import app as flask_app

asgi_app = Starlette(routes=[Mount("/", app=WSGIMiddleware(flask_app))])
