"""Printed and public pages show the title an issue was signed with, not the register's later one (issue 12, #7)."""

from processes.copies import services as services_pdf
from processes.copies.models import Copy
from qms.pdf import codes
from tests.processes.copies.conftest import assert_header_on_every_page, master_of

NEW_TITLE = "Cấp giấy phép xây dựng nhà ở riêng lẻ"


def _copy(revision):
    return Copy.objects.create(revision=revision, agency=revision.agency, kind=Copy.Kind.UNCONTROLLED,
                               code=codes.new_code())


def test_a_renamed_document_leaves_each_issue_its_signed_title(world, publish, client,
                                                                django_capture_on_commit_callbacks):
    first = publish()
    second = publish(document=first.document, title=NEW_TITLE)
    first.refresh_from_db()
    assert first.document.title == NEW_TITLE and first.title == "Cấp giấy phép xây dựng"

    # The first issue's master rendered again (a template change, a lost file): still its own title.
    with django_capture_on_commit_callbacks(execute=True):
        services_pdf.queue_master(revision_id=first.pk, force=True)
    assert_header_on_every_page(services_pdf.read_master(master_of(first)), first)
    assert_header_on_every_page(services_pdf.read_master(master_of(second)), second)

    old_page = client.get(f"/tai-lieu/xac-minh/{_copy(first).code}/").content.decode()
    new_page = client.get(f"/tai-lieu/xac-minh/{_copy(second).code}/").content.decode()
    assert "QT-05</strong> – Cấp giấy phép xây dựng</dd>" in old_page and NEW_TITLE not in old_page
    assert f"QT-05</strong> – {NEW_TITLE}</dd>" in new_page
