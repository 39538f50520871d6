"""Migrations of the add-on's reporting tables: src/alembic/ is no package,
so this is the module alembic.env of the namespace alembic, and its import
of alembic is of the Alembic library."""
from alembic import context

context.configure(url="sqlite:///todo.db")
with context.begin_transaction():
    context.run_migrations()
