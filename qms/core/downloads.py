"""The one way a file leaves the server: a download view checks the record's permission (another agency's
record answers 404 before this is reached), then answers with one of these.

Every file goes out as an attachment, never rendered on our origin (an uploaded .html or .js would run with
the viewer's session), typed by what we detected, with ``nosniff`` so the browser does not guess, and
uncached (they are access-checked records). No URL serves MEDIA_ROOT directly (qms/urls.py).
"""

import logging

from django.conf import settings
from django.http import FileResponse, Http404

from qms.core import files, uploads

logger = logging.getLogger(__name__)

UNKNOWN = "application/octet-stream"


def file_response(handle, *, filename, content_type, size=None):
    """An open file (stored, or made in memory such as a stamped copy) as a download, streamed in blocks."""
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type or UNKNOWN)
    if size is not None and "Content-Length" not in response:
        response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def stored_file_response(field_file, *, name, content_type=""):
    """A record's stored file, offered as ``name`` with the extension of its type.

    ``content_type`` is the type detected when the file was uploaded. Files stored before types were
    recorded (external documents uploaded under their own names) are sniffed now; a type we do not know goes
    out as application/octet-stream under its stored name.
    """
    if not field_file:
        raise Http404
    try:
        if not content_type:
            with field_file.storage.open(field_file.name, "rb") as probe:
                kind = uploads.sniff(probe.read(settings.QMS_MAX_UPLOAD_BYTES + 1))
            content_type = kind[0] if kind else UNKNOWN
        # Streamed from the storage (local folder or S3), never read whole into memory first.
        handle, size = files.open_stream(field_file.storage, field_file.name)
    except OSError:
        # The row outlived its file (restored without media, removed by hand): nothing to send.
        logger.warning("stored file %s is missing", field_file.name)
        raise Http404 from None
    extension = uploads.EXTENSIONS.get(content_type, "")
    return file_response(handle, filename=uploads.download_name(name, extension), content_type=content_type,
                         size=size)
