from common.settings import env

DATABASE_URL = env("DATABASE_URL", "sqlite://")
