"""A real ``manage.py`` process whose master renders are slow, for the kill tests (test_worker_killed.py).

    python -m tests.faults.slow_render_worker db_worker --queue-name "*" --no-reload

runs the command given (the worker line of bin/start) after making every render's forked child sleep
``QMS_TEST_RENDER_DELAY`` seconds before rendering, and with the lease timing shortened to
``QMS_TEST_LEASE`` / ``QMS_TEST_HEARTBEAT`` seconds so that the tests take seconds, not minutes. Nothing
else differs from production: the database comes from DATABASE_URL (the test database), the parent
process waits and renews its lease as it always does.
"""

import datetime
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")

import django  # noqa: E402

django.setup()

from django.core.management import execute_from_command_line  # noqa: E402

from processes.copies import leases  # noqa: E402
from qms.pdf import render  # noqa: E402


def main(argv):
    delay = float(os.environ.get("QMS_TEST_RENDER_DELAY", "0"))
    if os.environ.get("QMS_TEST_LEASE"):
        leases.LEASE_FOR = datetime.timedelta(seconds=float(os.environ["QMS_TEST_LEASE"]))
    if os.environ.get("QMS_TEST_HEARTBEAT"):
        leases.HEARTBEAT_EVERY = float(os.environ["QMS_TEST_HEARTBEAT"])
    real = render.render_in_process

    def slow(html, **kwargs):  # runs in the forked child
        time.sleep(delay)
        return real(html, **kwargs)

    render.render_in_process = slow
    execute_from_command_line(["manage.py", *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
