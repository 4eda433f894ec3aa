import pytest
from django.core.management import call_command
from django.db import connections


@pytest.fixture
def concurrent_db(transactional_db, tmp_path):
    """A database several threads can write at once.

    PostgreSQL: the test database as is. SQLite: the in-memory test database is a shared-cache
    database with table locks, unlike any deployment; the test gets a real file database instead,
    with the production options (WAL, IMMEDIATE transactions, busy timeout) and the migrations applied.
    """
    memory = connections["default"]
    if memory.vendor != "sqlite" or not memory.is_in_memory_db():
        yield
        return
    settings_dict = connections.settings["default"]
    original_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(tmp_path / "concurrency.sqlite3")
    file_connection = connections.create_connection("default")
    connections["default"] = file_connection
    try:
        call_command("migrate", verbosity=0)
        yield
    finally:
        file_connection.close()
        settings_dict["NAME"] = original_name
        connections["default"] = memory
