from pydantic_settings import BaseSettings


class ApiSettings(BaseSettings):
    title: str = "geoapi"
