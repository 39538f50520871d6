from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    app_name: str = "svc"
    database_url: str = "postgresql+asyncpg://localhost/svc"


settings = Settings()
