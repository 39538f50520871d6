"""Counts Celery task runs (acme.plugins.celery)."""
from celery import signals

from acme.plugins.base import Plugin


class CeleryPlugin(Plugin):
    def install(self, target) -> None:
        signals.task_prerun.connect(self._count)

    def _count(self, sender=None, **kwargs) -> None:
        self.runs = getattr(self, "runs", 0) + 1
