"""Logs slow SQLAlchemy statements (acme.plugins.sqlalchemy)."""
from sqlalchemy import event

from acme.plugins.base import Plugin
from acme.plugins.sqlalchemy.clock import elapsed


class SQLAlchemyPlugin(Plugin):
    def install(self, target) -> None:
        event.listen(target, "after_cursor_execute", self._after)

    def _after(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if elapsed(context) > 1.0:
            print("slow:", statement)
