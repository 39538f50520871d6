from application.worker.celery import celery


@celery.task
def ingest(url: str) -> str:
    return url
