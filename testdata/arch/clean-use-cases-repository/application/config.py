class ProductionConfig:
    DEBUG = False


class TestingConfig:
    TESTING = True
