from fastapi import FastAPI

from {{cookiecutter.package}}.api.routes import items

app = FastAPI(title="{{cookiecutter.project_slug}}")
app.include_router(items.router)
