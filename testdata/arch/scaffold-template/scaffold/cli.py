import pathlib

import click
from cookiecutter.main import cookiecutter

TEMPLATE = pathlib.Path(__file__).parent / "templates"


@click.command()
@click.argument("name")
def main(name: str) -> None:
    cookiecutter(str(TEMPLATE), no_input=True, extra_context={"project_slug": name})
