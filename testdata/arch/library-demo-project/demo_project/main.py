from fastapi import FastAPI

from demo_project.api.routes import router

app = FastAPI(title="authgate demo")
app.include_router(router)
