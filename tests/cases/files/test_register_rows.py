"""The register's rows built in Python (cases/files/register.py) are the template's rows, character for character:
numbering across pages, highlighted search words, initials for those who may not see applicants, dates in local
time, "—" for what is missing, the late mark, escaping, Vietnamese and English."""

import datetime

import pytest
from django.core.paginator import Paginator
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from cases.files import register, services
from cases.files.models import Case
from qms.core import search
from tests.cases.files.helpers import intake, make_clerk, procedure, receive
from tests.cases.late.helpers import returned

pytestmark = pytest.mark.django_db

# The rows as case_list.html wrote them before they were built in Python: the reference.
TEMPLATE = """{% load i18n search %}{% for c in page.object_list %}
  <tr>
    <td class="num">{{ page.start_index|add:forloop.counter0 }}</td>
    <td class="nowrap"><a href="{{ c.get_absolute_url }}">{{ c.code|highlight:search }}</a></td>
    <td>{% if c.document.procedure_code %}{{ c.document.procedure_code }} – {% endif %}{{ c.document.title }}</td>
    <td class="num">{{ c.sets }}</td>
    <td>{% if full %}{{ c.applicant_name|highlight:search }}{% else %}{{ c.initials }}{% endif %}</td>
    {% if full %}<td>{{ c.applicant_address|default:"—" }}{% if c.applicant_phone %}<br>{{ c.applicant_phone }}{% endif %}</td>{% endif %}
    <td>{% if c.current_step %}{{ c.current_step.department|default:"—" }}{% else %}—{% endif %}</td>
    <td class="nowrap">{{ c.received_at|date:"SHORT_DATETIME_FORMAT" }}</td>
    <td class="nowrap">{{ c.appointment_at|date:"SHORT_DATETIME_FORMAT"|default:"—" }}</td>
    <td class="nowrap">{{ c.returned_at|date:"SHORT_DATE_FORMAT"|default:"—" }}</td>
    <td><span class="status">{{ c.get_status_display }}</span>{% if c.late_now %} <span class="status status-danger">{% translate "Trễ hạn" %}</span>{% endif %}</td>
  </tr>{% endfor %}"""  # noqa: E501


def _files(world):
    revision = procedure(world)
    make_clerk(world)
    late = services.case_receive(user=world.staff, now=timezone.now() - datetime.timedelta(days=40),
                                 intake=intake(world, revision, applicant_name="Nguyễn <b>Văn</b> & Út",
                                               applicant_address="", applicant_phone=""))
    refused = receive(world, revision=revision, applicant_name="Lê Thị Nguyệt")
    services.case_refuse(case=refused, user=world.staff, reasons="Sai thẩm quyền", legal_basis="Điều 18")
    done = returned(world, revision=revision)
    others = [receive(world, revision=revision, applicant_name=f"Trần Văn Nguyên {n}", sets=n + 1) for n in range(3)]
    return [late, refused, done, *others]


def _page(number, size=4):
    now = timezone.now()
    queryset = Case.objects.select_related("document", "current_step__department").order_by("-received_at", "-pk")
    page = Paginator(queryset, size).get_page(number)
    for case in page.object_list:
        case.late_now = case.late_at(now)
    return page


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("typed", ["", "nguyen", "NGUYỄN văn"])
@pytest.mark.parametrize("full", [True, False])
@pytest.mark.parametrize("number", [1, 2])
def test_the_rows_are_the_templates_rows(world, language, typed, full, number):
    _files(world)
    reference = engines["django"].from_string(TEMPLATE)
    with translation.override(language):
        page, query = _page(number), search.parse(typed)
        expected = reference.render({"page": page, "search": query, "full": full})
        built = register.rows(page, query, full)
    assert built == expected
    assert "<tr>" in built and "<b>" not in built  # rows there, the applicant's markup escaped


def test_the_register_page_shows_the_built_rows(world, login):
    files = _files(world)
    html = login(world.coordinator).get(reverse("cases:case_list"), {"q": "nguyen"}).content.decode()
    assert "<mark>Nguyễn</mark> &lt;b&gt;Văn&lt;/b&gt; &amp; Út" in html and 'status-danger">Trễ hạn<' in html
    found = [case for case in files if search.parse("nguyen").found_in(case.applicant_name)]
    assert len(found) == 5 and all(f'href="{case.get_absolute_url()}"' in html for case in found)
    assert "Nguyệt" not in html
