"""No URL serves MEDIA_ROOT, in any profile (security review, issue 12 item 1).

Stored files leave the server only through views that check the record's permission
(qms/core/downloads.py). ``bin/start`` runs with DEBUG on, where the project used to add Django's
static() media route: an uploaded .html then opened on our origin with the viewer's session.
"""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches

from tests import files


@pytest.fixture
def project_urls_as_imported_with(settings):
    """Import qms.urls afresh under the given DEBUG (as bin/start or gunicorn would), and restore it after."""
    import qms.urls

    def _import(debug):
        settings.DEBUG = debug
        importlib.reload(qms.urls)
        clear_url_caches()

    yield _import
    settings.DEBUG = False
    importlib.reload(qms.urls)
    clear_url_caches()


@pytest.mark.parametrize("debug", [True, False], ids=["debug-on", "debug-off"])
def test_a_stored_file_is_not_reachable_under_media(debug, project_urls_as_imported_with, client, world):
    project_urls_as_imported_with(debug)
    stored = default_storage.save("external/2026/luat.html", ContentFile(files.HTML))
    pdf = default_storage.save("nc-evidence/1/bien-ban.pdf", ContentFile(files.PDF))
    client.force_login(world.staff)

    for name in (stored, pdf):
        assert client.get(f"/media/{name}").status_code == 404
