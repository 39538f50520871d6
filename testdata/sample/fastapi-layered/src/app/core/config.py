from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env")

    project_name: str = "inventory"
    database_url: str
    secret_key: str
    access_token_expire_minutes: int = 30


settings = Settings()
