"""The verification page names the issuing agency (issue 14 #2): name and address beside the document, issue
and status, with links to the agency's public page and to the current issue's public PDF where those exist."""

from processes.copies.models import Copy
from qms.core.models import Agency
from qms.pdf import codes
from tests.matrix.pdf import attach_master
from tests.processes.documents.helpers import effective_revision, make_document


def _copy(revision):
    return Copy.objects.create(revision=revision, agency=revision.agency, kind=Copy.Kind.UNCONTROLLED,
                               code=codes.new_code(), holder_name="Người Bí Mật")


def _issue(world, document):
    revision = effective_revision(world, document)
    attach_master(revision)
    return revision


def test_verification_names_the_agency_and_links_its_page_and_the_current_issue(world, client):
    world.agency.address = "126 Hàng Trống, Hoàn Kiếm, Hà Nội"
    world.agency.save()
    document = make_document(world, is_public=True)
    old = _issue(world, document)
    copy = _copy(old)
    current = _issue(world, document)
    page = client.get(f"/tai-lieu/xac-minh/{copy.code}/").content.decode()
    assert "Cơ quan ban hành" in page and "UBND Quận Thử Nghiệm" in page
    assert "126 Hàng Trống, Hoàn Kiếm, Hà Nội" in page
    assert 'href="/co-quan/ubnd-thu-nghiem/"' in page
    assert f'href="/co-quan/ubnd-thu-nghiem/tai-lieu/{document.pk}/ban-hien-hanh.pdf"' in page
    assert f"Tải bản hiện hành (lần ban hành {current.issue_label})" in page
    assert "KHÔNG CÒN HIỆU LỰC" in page


def test_internal_document_is_named_but_not_offered_for_download(world, client):
    document = make_document(world, code="QT-01", title="Kiểm soát tài liệu")
    copy = _copy(_issue(world, document))
    page = client.get(f"/tai-lieu/xac-minh/{copy.code}/").content.decode()
    assert "UBND Quận Thử Nghiệm" in page and 'href="/co-quan/ubnd-thu-nghiem/"' in page
    assert "ban-hien-hanh.pdf" not in page


def test_agency_switched_off_is_named_without_links(world, client):
    document = make_document(world, is_public=True)
    copy = _copy(_issue(world, document))
    Agency.objects.filter(pk=world.agency.pk).update(is_active=False)
    page = client.get(f"/tai-lieu/xac-minh/{copy.code}/").content.decode()
    assert "UBND Quận Thử Nghiệm" in page
    assert "/co-quan/" not in page


def test_verification_costs_the_same_queries_as_before(world, client, django_assert_max_num_queries):
    document = make_document(world, is_public=True)
    copy = _copy(_issue(world, document))
    with django_assert_max_num_queries(3):
        assert client.get(f"/tai-lieu/xac-minh/{copy.code}/").status_code == 200
