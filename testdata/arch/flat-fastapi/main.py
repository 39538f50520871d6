from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Echo(BaseModel):
    text: str


@app.post("/echo")
async def echo(body: Echo) -> Echo:
    return body
