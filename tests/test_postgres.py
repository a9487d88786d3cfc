"""PostgreSQL as the engine: a new database gets the search index; failures are sentences."""

from __future__ import annotations

import postgres_schemas
import pytest

from bench.postgres import fresh_database
from store.errors import DatabaseUnavailable
from store.models import database
from store.search import search
from store.startup import close_database, open_database

needs_server = pytest.mark.skipif(
    not postgres_schemas.SERVER, reason="PATRONS_TEST_PG names no PostgreSQL server"
)


@needs_server
def test_a_new_database_gets_the_trigram_index_and_code_point_order() -> None:
    with fresh_database(postgres_schemas.SERVER, prefix="test") as url:
        open_database(url)
        try:
            extensions = [r[0] for r in database.execute_sql("SELECT extname FROM pg_extension")]
            indexes = [
                r[0]
                for r in database.execute_sql(
                    "SELECT indexdef FROM pg_indexes WHERE tablename = 'patron'"
                )
            ]
            collation = database.execute_sql(
                "SELECT collation_name FROM information_schema.columns "
                "WHERE table_name = 'patron' AND column_name = 'sort_key'"
            ).fetchone()[0]
            assert search("anything").total == 0
        finally:
            close_database()
    assert "pg_trgm" in extensions
    assert any("gin (search_text gin_trgm_ops)" in definition for definition in indexes)
    assert collation == "C"


@needs_server
def test_reopening_a_postgresql_database_keeps_it_as_it_was() -> None:
    with fresh_database(postgres_schemas.SERVER, prefix="test") as url:
        open_database(url)
        close_database()
        open_database(url)
        try:
            assert search("").total == 0
        finally:
            close_database()


def test_a_server_that_does_not_answer_is_one_sentence() -> None:
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database("postgresql://nobody:secret@127.0.0.1:1/patrons")
    assert "does not answer" in str(caught.value)
    assert "secret" not in str(caught.value)
