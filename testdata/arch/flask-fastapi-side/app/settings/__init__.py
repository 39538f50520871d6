class Default:
    SQLALCHEMY_DATABASE_URI = "sqlite://"


config = {"default": Default}
