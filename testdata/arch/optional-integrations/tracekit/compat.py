def fastapi_available() -> bool:
    try:
        import fastapi  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


def flask_version():
    from flask import __version__

    return __version__
