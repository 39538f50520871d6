from pydantic import BaseModel


def schema_for(model):
    return type(model.__name__ + "Schema", (BaseModel,), {})
