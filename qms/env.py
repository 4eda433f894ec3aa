"""Reading settings from the environment.

Each helper refuses a malformed value with an ImproperlyConfigured error that names
the variable, so a typo in a deployment stops start-up instead of running with a
silently wrong setting.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required but not set.")
        return default
    return value


def envbool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not a boolean (use 1/0, true/false).")


def envint(name, default, *, minimum=None, maximum=None):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name}={value!r} is not a whole number.") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} is below the minimum {minimum}.")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} is above the maximum {maximum}.")
    return number


def envlist(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def envchoice(name, default, choices):
    value = os.environ.get(name, default)
    if value not in choices:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} must be one of: {', '.join(sorted(choices))}."
        )
    return value


def _sqlite_test_name(name):
    """A test database file of this process's own: two test runs at once never share one."""
    from pathlib import Path

    if not name or name == ":memory:":
        path = Path(__file__).resolve().parent.parent / "var" / "qms.sqlite3"
    else:
        path = Path(name)
    return str(path.with_name(f"test_{path.stem}_{os.getpid()}.sqlite3"))


def database_config(url):
    """Turn DATABASE_URL into Django's DATABASES['default'].

    SQLite gets WAL, IMMEDIATE transactions and a busy timeout so that concurrent
    writers queue instead of failing with "database is locked".
    """
    import dj_database_url

    if not url.startswith(("sqlite:", "postgres:", "postgresql:")):
        raise ImproperlyConfigured(
            f"DATABASE_URL={url!r} is not supported: use sqlite:///path or postgres://user@host:port/name."
        )
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = str(config["NAME"])
        if name and name != ":memory:":
            from pathlib import Path

            Path(name).parent.mkdir(parents=True, exist_ok=True)
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
        # Tests use a file next to the database (not SQLite's shared in-memory mode): threads of the
        # concurrency tests then get real file locks, WAL and the busy timeout, as in production.
        # The shared-cache in-memory database answers "database table is locked" at once instead of
        # waiting. SQLITE_TEST_NAME overrides the file (":memory:" brings the in-memory mode back).
        config["TEST"] = {"NAME": os.environ.get("SQLITE_TEST_NAME") or _sqlite_test_name(name)}
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config
