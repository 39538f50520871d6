from .base import Base


class Development(Base):
    DEBUG = True


class Production(Base):
    DEBUG = False
