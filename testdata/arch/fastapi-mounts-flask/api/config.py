DATABASE_URL = "sqlite://"
