from flask import Flask
from flask.json.provider import DefaultJSONProvider


class PortalJSONProvider(DefaultJSONProvider):
    sort_keys = False


class Portal(Flask):
    """Flask with the portal's JSON provider and jinja options."""

    json_provider_class = PortalJSONProvider
    jinja_options = {"trim_blocks": True}
