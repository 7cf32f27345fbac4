"""Alembic's entry point: migrations run on the connection the Store hands over (never a URL
from a config file), inside its transaction."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection)
with context.begin_transaction():
    context.run_migrations()
