"""A fresh PostgreSQL schema per test, on the server PATRONS_TEST_PG names.

Each test gets its own schema (first on the search path of every connection the store
opens, through the URL), dropped with everything in it afterwards. pg_trgm is created once
in the public schema, so the store's own `CREATE EXTENSION IF NOT EXISTS` finds it there.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import psycopg

SERVER = os.environ.get("PATRONS_TEST_PG", "")
APPLICATION = "patrons-test"


def with_options(url: str, **options: str) -> str:
    """The URL with connection options added to its query string."""
    query = "&".join(f"{key}={quote(value)}" for key, value in options.items())
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _admin() -> psycopg.Connection:
    return psycopg.connect(SERVER, autocommit=True)


@contextmanager
def fresh_schema() -> Iterator[str]:
    """Create an empty schema; yield a store URL whose connections work in it only."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    application = f"{APPLICATION}-{name}"
    with _admin() as admin:
        admin.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        admin.execute(f"CREATE SCHEMA {name}")
    try:
        yield with_options(
            SERVER, options=f"-c search_path={name},public", application_name=application
        )
    finally:
        with _admin() as admin:
            # Connections a test left open (worker threads) hold no locks, but end them
            # so that the server does not run out of connections over a long run.
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND pid <> pg_backend_pid()",
                (application,),
            )
            admin.execute(f"DROP SCHEMA {name} CASCADE")
