"""Tasks of src.celery: this directory is named like the library it uses."""
from celery import shared_task


@shared_task
def send_welcome(user_id: int) -> None:
    print("welcome", user_id)
