import os


class Settings:
    TITLE = os.environ.get("APP_TITLE", "accounts")


SETTINGS = Settings()
