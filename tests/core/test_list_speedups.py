"""The shortcuts taken for list-page speed (issue 7) give the same pages as the slow way."""

import datetime
import re

import pytest
from django import forms
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone, translation

from audits.capa.models import Nonconformity
from processes.documents.models import Document, Revision
from qms.core.mywork import SECTION_LIMIT
from qms.core.widgets import FastSelect
from tests.processes.documents.helpers import effective_revision, make_document

CHOICES = [
    ("", "Tất cả"),
    ("a&b", 'Quy trình "một cửa" <liên thông>'),
    ("đường", "Đường giao thông"),
    ("Nhóm", [("x", "Thứ nhất"), ("y", "Thứ hai")]),
]


@pytest.mark.parametrize("value", [None, "", "a&b", "đường", "y", "không-có"])
def test_fast_select_renders_the_same_markup_as_djangos_select(value):
    attrs = {"id": "id_loai", "class": "wide", "required": True, "data-x": "<1>"}
    slow = forms.Select(choices=CHOICES).render("loai", value, attrs=attrs)
    fast = FastSelect(choices=CHOICES).render("loai", value, attrs=attrs)

    assert parse_html(fast) == parse_html(slow)
    assert "<liên thông>" not in fast and "&lt;liên thông&gt;" in fast  # labels escaped


def test_fast_select_keeps_a_model_choice_filter_working(world, client):
    """The register's department filter (a ModelChoiceFilter) still lists the agency's departments."""
    client.force_login(world.coordinator)
    urban = world.departments["urban"]
    html = client.get(reverse("processes:register"), {"department": urban.pk}).content.decode()

    select = re.search(r'<select name="department"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert f'<option value="{urban.pk}" selected>{urban.name}</option>' in select
    assert world.other_agency.name not in html


def test_choice_labels_follow_the_language_and_pass_unknown_values_through(world):
    doc = Document(agency=world.agency, code="QT-01", title="T", doc_type=Document.Type.PROCEDURE)
    assert doc.get_doc_type_display() == "Quy trình"
    with translation.override("en"):
        assert doc.get_doc_type_display() == str(Document.Type.PROCEDURE.label) != "Quy trình"
    doc.doc_type = "không-có"
    assert doc.get_doc_type_display() == "không-có"
    rev = Revision(status=Revision.Status.IN_REVIEW)
    assert rev.get_status_display() == Revision.Status.IN_REVIEW.label


def test_master_list_is_paged_and_numbered_across_pages(world, client, monkeypatch):
    monkeypatch.setattr("processes.documents.views.documents.PAGE_SIZE", 2)
    for n in range(3):
        effective_revision(world, make_document(world, code=f"QT-{n:02d}", title=f"Quy trình số {n}"))
    client.force_login(world.staff)

    first = client.get(reverse("processes:master_list")).content.decode()
    second = client.get(reverse("processes:master_list"), {"page": 2}).content.decode()

    assert "QT-00" in first and "QT-01" in first and "QT-02" not in first
    assert "QT-02" in second and "<td>3</td>" in second  # the STT goes on from page 1
    assert "Trang 1/2 · 3 tài liệu" in first
    # The exports still hold the whole list.
    assert client.get(reverse("processes:master_list_csv")).content.decode("utf-8").count("QT-0") == 3


def test_my_work_shows_the_first_items_of_a_long_section_and_counts_the_rest(world, client):
    due = timezone.localdate() - datetime.timedelta(days=3)
    for n in range(SECTION_LIMIT + 4):
        make_document(world, code=f"BM-{n:02d}", title=f"Biểu mẫu {n}", doc_type=Document.Type.FORM,
                      next_review_due=due + datetime.timedelta(days=n))
    client.force_login(world.coordinator)

    html = client.get(reverse("core:my_work")).content.decode()

    section = html.split("Xem xét định kỳ", 1)[1].split("</section>", 1)[0]
    assert f"({SECTION_LIMIT + 4})" in section  # the heading counts every item
    assert section.count("<li>") == SECTION_LIMIT
    assert "BM-00" in section and f"BM-{SECTION_LIMIT + 3:02d}" not in section  # most overdue first
    assert "… và 4 việc khác." in section
    assert reverse("processes:register") + "?review=30" in section


def test_nc_register_counts_open_actions_per_row(world, client):
    from tests.audits.capa.helpers import S, nc_at, open_nc

    planned = nc_at(world, S.ACTIONS_PLANNED)  # two planned actions
    fresh = open_nc(world, description="Trả kết quả trễ hạn")
    client.force_login(world.coordinator)

    html = client.get(reverse("audits:nc_list")).content.decode()

    rows = dict(re.findall(r'<a href="[^"]+">(NC-\d+-\d+)</a>(.*?)</tr>', html, re.S))
    assert re.search(r'class="num">2</td>', rows[planned.reference])
    assert re.search(r'class="num">0</td>', rows[fresh.reference])
    assert Nonconformity.objects.count() == 2
