"""Alembic's environment for the programme store: programme.database builds the Config in code
and passes the connection (no alembic.ini needed at runtime)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from programme import database

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # the alembic command line, with sqlalchemy.url set
    connection = sa.create_engine(config.get_main_option("sqlalchemy.url")).connect()
context.configure(connection=connection, target_metadata=database.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
