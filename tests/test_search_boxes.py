"""Every search box of the product folds diacritics and đ/Đ the same way, on SQLite and on PostgreSQL.

``SEARCH_BOXES`` lists the boxes in one place. The first tests hold that list to the code: every template
with a search input is listed (and every listed one has its input), and every FilterSet with a ``q`` filter
belongs to a listed page, so a box added later cannot escape the walk. Then each box is searched with the
same words typed with and without diacritics, in capitals, with đ and d: it must find the same rows.
"""

import itertools
import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import django_filters
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.audits.capa.helpers import S as NC_STATUS
from tests.audits.capa.helpers import nc_at, open_nc
from tests.audits.internal.helpers import audit
from tests.processes.documents.helpers import make_document

ROOT = Path(__file__).resolve().parent.parent
SEARCH_INPUT = re.compile(r'name="q"|partials/search_box\.html')
_numbers = itertools.count(1)


def _document(world, text):
    return make_document(world, code=f"QT-{next(_numbers):02d}", title=text)


def _nonconformity(world, text):
    return open_nc(world, description=text)


def _action(world, text):
    from audits.capa import services

    nc = world.objects.get("search_nc") or world.objects.setdefault("search_nc", nc_at(world, NC_STATUS.CAUSE_ANALYSED))
    return services.action_add(nc=nc, user=world.reviewer, owner=world.staff, description=text,
                               due_date=timezone.localdate() + timedelta(days=10))


def _audit(world, text):
    return audit(world, title=text)


def _feedback(world, text):
    from audits.feedback import services

    return services.feedback_submit(agency=world.agency, content=text, ip=f"203.0.113.{next(_numbers)}")


def _public_procedure(world, text):
    from tests.processes.documents.helpers import effective_revision

    return effective_revision(world, make_document(world, code=f"QT-{next(_numbers):02d}", title=text, is_public=True))


def _case(world, text):
    from tests.cases.files.helpers import procedure, receive

    revision = world.objects.get("search_procedure") or world.objects.setdefault("search_procedure", procedure(world))
    return receive(world, revision=revision, applicant_name=text)  # searched by code and applicant


@dataclass(frozen=True)
class Box:
    url: str  # the list page's URL name
    template: str  # where its search input is
    make: object  # (world, text) → a row whose searched text is ``text``
    filterset: str = ""  # the FilterSet whose ``q`` it is, if any
    params: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)  # the page's URL kwargs (the test world's objects)
    anonymous: bool = False  # a public page: searched without logging in


SEARCH_BOXES = [
    Box("processes:register", "processes/documents/register.html", _document, "processes.documents.filters.DocumentFilter"),
    Box("audits:nc_list", "audits/capa/nc_list.html", _nonconformity, "audits.capa.filters.NonconformityFilter"),
    Box("audits:action_list", "audits/capa/action_list.html", _action, "audits.capa.filters.ActionFilter"),
    Box("audits:audit_list", "audits/internal/audit_list.html", _audit, "audits.internal.forms.AuditFilter"),
    Box("audits:feedback_list", "audits/feedback/feedback_list.html", _feedback),
    Box("cases:case_list", "cases/files/case_list.html", _case),
    Box("public:agency", "processes/public/agency.html", _public_procedure, kwargs={"code": "ubnd-thu-nghiem"},
        anonymous=True),
]

TEXTS = {
    "permit": "Hồ sơ cấp giấy phép xây dựng trả muộn",
    "licence": "GIẤY PHÉP kinh doanh thiếu chữ ký",
    "road": "Cấp phép đào đường, hè phố",
    "other": "Tiếp nhận hồ sơ đúng hạn",
}
# Queries that must find the same rows, and the rows they must find.
SAME = [
    (("giay phep", "giấy phép", "GIẤY PHÉP", "Giay Phep"), {"permit", "licence"}),
    (("duong", "Đường", "ĐƯỜNG", "đuong"), {"road"}),
    (("tiep nhan ho so", "tiếp nhận hồ sơ"), {"other"}),
]


def _templates_with_a_search_input():
    found = set()
    for path in (ROOT / "templates").rglob("*.html"):
        name = str(path.relative_to(ROOT / "templates"))
        if name != "partials/search_box.html" and SEARCH_INPUT.search(path.read_text(encoding="utf-8")):
            found.add(name)
    return found


def _filtersets_with_q():
    import qms.urls  # noqa: F401  (imports every view, hence every filter set)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {f"{c.__module__}.{c.__qualname__}" for c in subclasses(django_filters.FilterSet) if "q" in c.base_filters}


def test_every_template_with_a_search_input_is_a_listed_search_box():
    assert _templates_with_a_search_input() == {box.template for box in SEARCH_BOXES}


def test_every_filter_set_with_a_query_is_a_listed_search_box():
    assert _filtersets_with_q() == {box.filterset for box in SEARCH_BOXES if box.filterset}


def _found(client, box, query):
    response = client.get(reverse(box.url, kwargs=box.kwargs), {**box.params, "q": query})
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    return {row.pk for row in response.context["page"].object_list}


@pytest.mark.django_db
@pytest.mark.parametrize("box", SEARCH_BOXES, ids=[b.url for b in SEARCH_BOXES])
def test_search_box_finds_the_same_rows_with_or_without_diacritics(box, world, client):
    rows = {key: box.make(world, text).pk for key, text in TEXTS.items()}
    if not box.anonymous:
        client.force_login(world.coordinator)

    for queries, expected in SAME:
        results = {query: _found(client, box, query) & set(rows.values()) for query in queries}
        assert results == {query: {rows[key] for key in expected} for query in queries}, box.url


@pytest.mark.django_db
@pytest.mark.parametrize("box", SEARCH_BOXES, ids=[b.url for b in SEARCH_BOXES])
def test_search_box_shows_the_query_and_highlights_the_words(box, world, client):
    box.make(world, TEXTS["road"])
    client.force_login(world.coordinator)

    if box.anonymous:
        client.logout()
    html = client.get(reverse(box.url, kwargs=box.kwargs), {**box.params, "q": '"<duong>'}).content.decode()

    assert 'value="&quot;&lt;duong&gt;"' in html
    assert "<mark>đường</mark>" in html
    assert "<duong>" not in html
