"""Run several callables at the same instant, each in its own thread and database connection.

Usable by every app's concurrency tests, on SQLite and PostgreSQL::

    from tests.concurrency.helpers import run_concurrently

    @pytest.mark.django_db(transaction=True)      # threads only see committed rows
    def test_two_approvals_make_one_effective_revision(world):
        outcome = run_concurrently([lambda: approve(...), lambda: approve(...)])
        assert outcome.ok_count == 1
        outcome.assert_only(ValidationError)        # anything else re-raised with its traceback

Notes
- Mark the test ``django_db(transaction=True)``: the default test transaction is invisible to
  other connections, and threads open their own connections.
- SQLite: tests use a file database (qms/env.py sets TEST NAME to var/test_<name>.sqlite3), so
  threads get real file locks, WAL and the busy timeout. SQLite's shared-cache in-memory mode
  answers "database table is locked" at once and cannot show whether writers queue correctly.
- Every thread closes its connections when done, so the test database can be dropped afterwards.
- A barrier releases all callables together; each may take ``index`` if it accepts one argument.
"""

import inspect
import threading
import traceback
from dataclasses import dataclass, field

from django.db import close_old_connections, connections


@dataclass
class Outcome:
    results: list = field(default_factory=list)  # per index: the return value, or None
    errors: list = field(default_factory=list)  # per index: the exception, or None
    tracebacks: dict = field(default_factory=dict)

    @property
    def ok_count(self):
        return sum(1 for e in self.errors if e is None)

    @property
    def raised(self):
        return [e for e in self.errors if e is not None]

    def messages(self):
        return [f"{type(e).__name__}: {e}" for e in self.raised]

    def assert_no_errors(self):
        if self.raised:
            first = next(i for i, e in enumerate(self.errors) if e is not None)
            raise AssertionError(
                f"{len(self.raised)} of {len(self.errors)} callables raised: {self.messages()[:5]}\n"
                f"first traceback:\n{self.tracebacks[first]}"
            )

    def assert_only(self, *expected_types):
        unexpected = [i for i, e in enumerate(self.errors) if e is not None and not isinstance(e, expected_types)]
        if unexpected:
            i = unexpected[0]
            raise AssertionError(
                f"unexpected {type(self.errors[i]).__name__} in {len(unexpected)} callables; "
                f"first traceback:\n{self.tracebacks[i]}"
            )


def _takes_index(fn):
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
    return len(positional) == 1


def run_concurrently(callables, *, timeout=120):
    """Start every callable at once (one thread each) and wait for all; return an Outcome.

    ``callables`` is a list of functions, or ``(fn, n)`` to run one function n times (it then
    receives its index 0..n-1 if it takes one argument).
    """
    if isinstance(callables, tuple) and len(callables) == 2 and callable(callables[0]):
        fn, n = callables
        callables = [fn] * n
    callables = list(callables)
    count = len(callables)
    if count == 0:
        return Outcome()
    outcome = Outcome(results=[None] * count, errors=[None] * count)
    barrier = threading.Barrier(count)

    def worker(index, fn):
        try:
            close_old_connections()
            barrier.wait(timeout=timeout)
            outcome.results[index] = fn(index) if _takes_index(fn) else fn()
        except BaseException as exc:  # noqa: BLE001 - reported to the test, never swallowed
            outcome.errors[index] = exc
            outcome.tracebacks[index] = traceback.format_exc()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, fn), name=f"concurrent-{i}", daemon=True) for i, fn in enumerate(callables)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    alive = [t.name for t in threads if t.is_alive()]
    if alive:
        raise AssertionError(f"{len(alive)} threads still running after {timeout}s (deadlock?): {alive[:5]}")
    return outcome


def is_lock_error(exc):
    """True for SQLite's "database is locked" / "table is locked" (the errors the settings must prevent)."""
    text = str(exc).lower()
    return "database is locked" in text or "table is locked" in text or "database table is locked" in text
