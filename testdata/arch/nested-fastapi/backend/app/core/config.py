from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    PROJECT_NAME: str = "app"
    SQLALCHEMY_DATABASE_URI: str = "postgresql+psycopg://app@localhost/app"


settings = Settings()
