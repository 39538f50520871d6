from lite_bootstrap import FastAPIConfig


class Settings:
    bootstrapper_config = FastAPIConfig(service_name="decks")


settings = Settings()
