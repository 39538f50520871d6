"""A FastAPI server the benchmarks hammer: run with uvicorn benchmarks.app:app."""
from fastapi import FastAPI

from quickcache import Cache

app = FastAPI()
cache = Cache()


@app.get("/{key}")
def read(key: str):
    return {"value": cache.get(key)}
