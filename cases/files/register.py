"""The register's rows (form 06, ``case_list``) as HTML, built here rather than cell by cell in the template.

At 50 rows the template's variable lookups, filters and ``{% translate %}`` tags were most of the page's time
(about 27 ms of a 100 ms page under load at 50,000 files). The markup is the template's, character for
character (tests/cases/files/test_register_rows.py renders both): every value escaped, the search's words marked
by the one ``qms.core.search.highlight``, dates as the ``date`` filter writes them in local time.
"""

import html

from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format, localize
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from qms.core import search
from qms.core.text import nfc

DASH = "—"
# Django's date format characters that strftime writes the same way (zero-padded day, month, hour, minute…).
_STRFTIME = {"d": "%d", "m": "%m", "Y": "%Y", "H": "%H", "i": "%M", "s": "%S", "y": "%y"}


def _e(value):
    """conditional_escape, without its lazy-string wrapper (a few thousand calls a page)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def formatter(name):
    """``{{ value|date:name }}`` for one page (here and in the late files' list): the language's format read once;
    strftime when the format uses only characters strftime writes alike (dd/mm/yyyy hh:mm, the formats of
    qms/formats), else Django's dateformat."""
    fmt = get_format(name)
    if all(ch in _STRFTIME or not ch.isalpha() for ch in fmt) and "\\" not in fmt and "%" not in fmt:
        pattern = "".join(_STRFTIME.get(ch, ch) for ch in fmt)
        return lambda value: "" if value is None else template_localtime(value).strftime(pattern)
    return lambda value: "" if value is None else dateformat.format(template_localtime(value), fmt)


def url_of(name="cases:case_detail"):
    """The URL named ``name`` by a file's pk (by default ``Case.get_absolute_url``), the pattern reversed once per
    page rather than once per row."""
    marker = 987654321
    before, after = reverse(name, kwargs={"pk": marker}).split(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def _highlight(value, query):
    return search.highlight(value, query) if query else _e(nfc(value))


def _row(number, case, query, full, late_label, when, day, url):
    document = case.document
    procedure = f"{_e(document.procedure_code)} – " if document.procedure_code else ""
    applicant = _highlight(case.applicant_name, query) if full else _e(case.initials)
    details = ""
    if full:
        phone = f"<br>{_e(case.applicant_phone)}" if case.applicant_phone else ""
        details = f"<td>{_e(case.applicant_address or DASH)}{phone}</td>"
    step = case.current_step
    department = _e((step.department or DASH) if step is not None else DASH)
    late = f' <span class="status status-danger">{late_label}</span>' if case.late_now else ""
    return (
        "\n  <tr>"
        f'\n    <td class="num">{_e(localize(number))}</td>'
        f'\n    <td class="nowrap"><a href="{_e(url(case.pk))}">{_highlight(case.code, query)}</a></td>'
        f"\n    <td>{procedure}{_e(document.title)}</td>"
        f'\n    <td class="num">{_e(localize(case.sets))}</td>'
        f"\n    <td>{applicant}</td>"
        f"\n    {details}"
        f"\n    <td>{department}</td>"
        f'\n    <td class="nowrap">{_e(when(case.received_at))}</td>'
        f'\n    <td class="nowrap">{_e(when(case.appointment_at) or DASH)}</td>'
        f'\n    <td class="nowrap">{_e(day(case.returned_at) or DASH)}</td>'
        f'\n    <td><span class="status">{_e(case.get_status_display())}</span>{late}</td>'
        "\n  </tr>"
    )


def rows(page, query, full):
    """The page's rows, numbered across pages; ``case.late_now`` set by the view."""
    late_label = _e(gettext("Trễ hạn"))
    when, day, url = formatter("SHORT_DATETIME_FORMAT"), formatter("SHORT_DATE_FORMAT"), url_of()
    start = page.start_index()
    return mark_safe("".join(  # nosec B703 B308 - every value escaped or marked by search.highlight above
        _row(start + i, case, query, full, late_label, when, day, url) for i, case in enumerate(page.object_list)))
