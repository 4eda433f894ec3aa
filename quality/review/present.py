"""The inputs of a review as the reader sees them: labelled figures, tables and charts, in the reader's language.

Works on the JSON data of ``quality.review.inputs`` (live for a draft, the frozen snapshot once held), so the
page and the minutes PDF draw the same figures from the same data. Charts come from ``qms.core.charts``
(SVG drawn on the server); each has its data table beside it, which is also what a screen reader reads.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audits.capa.models import Action, Nonconformity
from audits.internal.models import Finding
from cases.figures.services import rating_labels
from processes.documents.models import Document
from qms.core import charts
from quality.review.models import Decision, Section


@dataclass
class Table:
    caption: str
    head: list
    rows: list


@dataclass
class InputSection:
    key: str
    letter: str
    title: str
    facts: list = field(default_factory=list)  # (label, value)
    tables: list = field(default_factory=list)
    charts: list = field(default_factory=list)
    empty: str = ""
    note: object = None  # SectionNote


def _d(iso):
    return date_format(datetime.date.fromisoformat(iso), "SHORT_DATE_FORMAT") if iso else "—"


def _label(choices, key):
    try:
        return str(choices(key).label)
    except ValueError:
        return key or "—"


def _chart(kind, title, labels, series, category, unit=""):
    """A chart from qms.core.charts; ``category`` names what its labels are. The section's table carries the
    figures too."""
    draw = charts.line_chart if kind == "line" else charts.bar_chart
    return draw(title, labels, series, unit=unit, category=category)


def _audits(data):
    s = InputSection("audits", "a", "")
    s.facts.append((_("Số cuộc đánh giá nội bộ đã thực hiện trong kỳ"), data["count"]))
    kinds = [_label(Finding.Kind, k) for k in data["findings"]]
    counts = list(data["findings"].values())
    s.tables.append(Table(_("Phát hiện theo mức độ"), [_("Loại phát hiện"), _("Số lượng")], list(zip(kinds, counts))))
    if data["count"]:
        s.charts.append(_chart("bar", _("Phát hiện đánh giá theo mức độ"), kinds, {_("Số phát hiện"): counts},
                               _("Loại phát hiện")))
    s.tables.append(Table(_("Các cuộc đánh giá"), [_("Số hiệu"), _("Tên cuộc đánh giá"), _("Ngày kết thúc")],
                          [[a["code"], a["title"], _d(a["end_date"])] for a in data["audits"]]))
    if not data["count"]:
        s.empty = _("Không có cuộc đánh giá nội bộ nào kết thúc trong kỳ.")
    return s


def _feedback(data):
    s = InputSection("feedback", "b", "")
    answered = data["answered"]
    rate = f"{round(100 * data['on_time'] / answered)}%" if answered else "—"
    s.facts += [
        (_("Phản ánh, kiến nghị nhận trong kỳ"), data["received"]),
        (_("Đã trả lời trong kỳ"), answered),
        (_("Trả lời đúng hạn (trong %(n)s ngày)") % {"n": data["answer_days"]}, f"{data['on_time']} ({rate})"),
        (_("Không xử lý"), data["dismissed"]),
        (_("Nhận trong kỳ, còn đang xử lý"), data["waiting"]),
    ]
    labels = [_("Nhận"), _("Đã trả lời"), _("Đúng hạn"), _("Đang xử lý")]
    values = [data["received"], answered, data["on_time"], data["waiting"]]
    if data["received"] or answered:
        s.charts.append(_chart("bar", _("Phản ánh, kiến nghị trong kỳ"), labels, {_("Số phản ánh"): values},
                               _("Chỉ tiêu")))
    return s


def _performance(data):
    s = InputSection("performance", "c", "")
    objectives = data["objectives"]
    if objectives is None:
        s.facts.append((_("Mục tiêu chất lượng"), _("Chưa có số liệu mục tiêu chất lượng.")))
    else:
        met = {True: _("Đạt"), False: _("Không đạt"), None: _("Chưa đo")}
        s.tables.append(Table(
            _("Kết quả thực hiện mục tiêu chất lượng"), [_("Mục tiêu"), _("Chỉ tiêu"), _("Thực hiện"), _("Đánh giá")],
            [[o["name"], _num(o["target"], o["unit"]), _num(o["actual"], o["unit"]), met[o["met"]]] for o in objectives]))
        measured = [o for o in objectives if o["actual"] is not None and o["target"] is not None]
        if measured:
            s.charts.append(_chart("bar", _("Mục tiêu chất lượng: chỉ tiêu và thực hiện"),
                                   [o["name"][:40] for o in measured],
                                   {_("Chỉ tiêu"): [o["target"] for o in measured],
                                    _("Thực hiện"): [o["actual"] for o in measured]}, _("Mục tiêu")))
    s.facts.append((_("Sự không phù hợp phát hiện trong kỳ"), data["nc_total"]))
    sources = [_label(Nonconformity.Source, k) for k in data["nc_by_source"]]
    s.tables.append(Table(_("Sự không phù hợp theo nguồn phát hiện"), [_("Nguồn"), _("Số lượng")],
                          list(zip(sources, data["nc_by_source"].values()))))
    if data["nc_by_source"]:
        s.charts.append(_chart("bar", _("Sự không phù hợp theo nguồn"), sources,
                               {_("Số phiếu"): list(data["nc_by_source"].values())}, _("Nguồn")))
    s.tables.append(Table(_("Sự không phù hợp theo điều khoản ISO"), [_("Điều khoản"), _("Số lượng")],
                          list(data["nc_by_clause"].items())))
    _one_stop(s, data.get("one_stop"))  # absent from snapshots frozen before one-stop files existed
    return s


def _one_stop(s, data):
    if not data or not (data["received"] or data["done"] or data["open"]):
        return
    rate = "—" if data["on_time_percent"] is None else _num(data["on_time_percent"], "%")
    s.facts += [
        (_("Hồ sơ một cửa tiếp nhận trong kỳ"), data["received"]),
        (_("Hồ sơ một cửa có kết quả trong kỳ"), data["done"]),
        (_("Giải quyết trước hạn / đúng hạn / quá hạn"), f"{data['early']} / {data['on_time']} / {data['late']}"),
        (_("Tỷ lệ giải quyết đúng hạn"), rate),
        (_("Tiếp nhận trong kỳ, đang giải quyết (quá hẹn)"), f"{data['open']} ({data['overdue']})"),
        (_("Số ngày làm việc giải quyết trung bình (theo quy trình)"),
         f"{_num(data['days_taken'], '')} ({_num(data['days_stated'], '')})"),
    ]
    labels = rating_labels()
    s.tables.append(Table(_("Đánh giá của người dân về hồ sơ có kết quả trong kỳ"), [_("Mức đánh giá"), _("Số hồ sơ")],
                          [[labels.get(k, k), v] for k, v in data["ratings"].items()]))
    s.tables.append(Table(_("Hồ sơ một cửa theo thủ tục"),
                          [_("Thủ tục"), _("Tiếp nhận"), _("Có kết quả"), _("Quá hạn"), _("Tỷ lệ đúng hạn")],
                          [[p["name"], p["received"], p["done"], p["late"],
                            "—" if p["on_time_percent"] is None else _num(p["on_time_percent"], "%")]
                           for p in data["procedures"]]))
    if data["done"]:
        s.charts.append(_chart("bar", _("Hồ sơ một cửa có kết quả trong kỳ"),
                               [_("Trước hạn"), _("Đúng hạn"), _("Quá hạn")],
                               {_("Số hồ sơ"): [data["early"], data["on_time"], data["late"]]}, _("Kết quả so với hẹn")))


def _num(value, unit):
    """A target or result as the reader's language writes numbers ("90,67 %"), at most two decimals."""
    if value is None:
        return "—"
    return f"{charts.fmt(value)} {unit}".strip()


def _actions(data):
    s = InputSection("actions", "d", "")
    s.facts += [
        (_("Đang thực hiện"), data["open"]),
        (_("Quá hạn (tại ngày %(d)s)") % {"d": _d(data["as_of"])}, data["overdue"]),
        (_("Hoàn thành trong kỳ"), data["done"]),
    ]
    kinds = [_label(Action.Kind, k) for k in data["by_kind"]]
    rows = [[label, v["open"], v["overdue"], v["done"]] for label, v in zip(kinds, data["by_kind"].values())]
    s.tables.append(Table(_("Theo loại hành động"), [_("Loại"), _("Đang thực hiện"), _("Quá hạn"), _("Hoàn thành")],
                          rows))
    if data["open"] or data["done"]:
        s.charts.append(_chart("bar", _("Hành động khắc phục, phòng ngừa"), kinds, {
            _("Đang thực hiện"): [r[1] for r in rows], _("Quá hạn"): [r[2] for r in rows],
            _("Hoàn thành"): [r[3] for r in rows]}, _("Loại")))
    return s


def _follow_up(data):
    s = InputSection("follow_up", "e", "")
    s.facts += [(_("Đang thực hiện"), data["open"]), (_("Quá hạn"), data["overdue"]), (_("Đã hoàn thành"), data["done"])]
    rows = []
    for d in data["decisions"]:
        status = _label(Decision.Status, d["status"])
        if d["overdue"]:
            status = _("Quá hạn")
        elif d["completed_on"]:
            status = f"{status} {_d(d['completed_on'])}"
        rows.append([_d(d["held_on"]), d["description"], d["owner"], _d(d["due_date"]), status])
    s.tables.append(Table(_("Quyết định của các lần xem xét trước"),
                          [_("Ngày họp"), _("Quyết định"), _("Người thực hiện"), _("Hạn"), _("Tình trạng")], rows))
    if not rows:
        s.empty = _("Không có quyết định nào của các lần xem xét trước cần theo dõi.")
    return s


def _changes(data):
    s = InputSection("changes", "f", "")
    s.facts.append((_("Số lần ban hành tài liệu có hiệu lực trong kỳ"), data["revisions"]))
    types = [_label(Document.Type, k) for k in data["by_type"]]
    s.tables.append(Table(_("Tài liệu ban hành, sửa đổi theo loại"), [_("Loại tài liệu"), _("Số lần ban hành")],
                          list(zip(types, data["by_type"].values()))))
    s.tables.append(Table(_("Quy trình mới ban hành"), [_("Mã hiệu"), _("Tên quy trình"), _("Ngày hiệu lực")],
                          [[p["code"], p["title"], _d(p["date"])] for p in data["new_procedures"]]))
    s.tables.append(Table(_("Quy trình bị hủy bỏ"), [_("Mã hiệu"), _("Tên quy trình"), _("Ngày hủy bỏ")],
                          [[p["code"], p["title"], _d(p["date"])] for p in data["withdrawn_procedures"]]))
    return s


BUILDERS = {"audits": _audits, "feedback": _feedback, "performance": _performance, "actions": _actions,
            "follow_up": _follow_up, "changes": _changes}


def sections(data, notes=()):
    """The seven inputs of 5.6.2 (a–g), in the standard's order, with the coordinator's comment on each."""
    by_section = {n.section: n for n in notes}
    result = []
    for letter, (key, label) in zip("abcdefg", Section.choices):
        section = BUILDERS[key](data[key]) if key in BUILDERS else InputSection(key, letter, "")
        section.letter, section.title, section.note = letter, str(label), by_section.get(key)
        result.append(section)
    return result
