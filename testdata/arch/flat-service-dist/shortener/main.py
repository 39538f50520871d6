"""A URL shortener: one module, its routes beside the application."""
import secrets

from fastapi import FastAPI, HTTPException
from fastapi.responses import RedirectResponse

app = FastAPI(title="shortener")
links: dict[str, str] = {}


@app.post("/links")
def create(url: str) -> dict[str, str]:
    code = secrets.token_urlsafe(5)
    links[code] = url
    return {"code": code}


@app.get("/{code}")
def follow(code: str) -> RedirectResponse:
    if code not in links:
        raise HTTPException(status_code=404)
    return RedirectResponse(links[code])
