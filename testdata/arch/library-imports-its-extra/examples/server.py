from fastapi import FastAPI

from chainserve import add_routes

app = FastAPI(title="chain server")
add_routes(app, lambda text: text.upper(), path="/upper")
