"""A development server for chains, the option the server extra installs: importing chainserve does not import it."""

from fastapi import FastAPI

from chainserve import add_routes

app = FastAPI(title="chainserved")
add_routes(app, lambda text: text, path="/echo")


@app.get("/health")
def health():
    return {"ok": True}
