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
from qms.core import charts, clauses
from quality.context.models import ContextIssue
from quality.review.models import SECTIONS, Decision, Section
from quality.risks.models import Risk


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
    group: str = ""  # the heading of the items it opens (2015's c), with its letter


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


def _context(data, changes):
    """2015 b): the context's changes in the period, then the documents issued and withdrawn (2008's "changes")."""
    s = InputSection("context", "b", "")
    events = {"added": _("Ghi nhận mới"), "changed": _("Thay đổi"), "closed": _("Thôi theo dõi"),
              "reopened": _("Theo dõi lại")}
    for key, label in (("issues", _("Vấn đề nội bộ, bên ngoài")), ("parties", _("Bên quan tâm"))):
        c = data[key]
        s.facts.append((_("%(what)s: ghi nhận mới / thay đổi / thôi theo dõi") % {"what": label},
                        f"{c['added']} / {c['changed']} / {c['closed']}"))
    f = data["followed"]
    s.facts.append((_("Đang theo dõi"), _("%(i)s vấn đề nội bộ, %(e)s vấn đề bên ngoài, %(p)s bên quan tâm") % {
        "i": f["internal"], "e": f["external"], "p": f["parties"]}))
    kinds = {"party": _("Bên quan tâm"), **{k: str(v) for k, v in ContextIssue.Kind.choices}}
    s.tables.append(Table(_("Thay đổi về bối cảnh và các bên quan tâm trong kỳ"),
                          [_("Ngày"), _("Loại"), _("Nội dung"), _("Loại thay đổi"), _("Lý do")],
                          [[_d(c["date"]), kinds.get(c["kind"], c["kind"]), c["text"], events.get(c["event"], c["event"]),
                            c["reason"]] for c in data["changes"]]))
    documents = _changes(changes)
    s.facts += documents.facts
    s.tables += documents.tables
    return s


def _providers(data):
    s = InputSection("providers", "c7", "")
    s.facts += [(_("Sự không phù hợp liên quan đến quá trình, dịch vụ do bên ngoài cung cấp (điều 8.4) phát hiện "
                   "trong kỳ"), data["ncs"]), (_("Trong đó chưa đóng"), data["open"])]
    standard = {clauses.EDITION_2008: " (ISO 9001:2008)", clauses.EDITION_2015: ""}
    s.tables.append(Table(_("Sự không phù hợp liên quan đến nhà cung cấp bên ngoài"),
                          [_("Số phiếu"), _("Ngày phát hiện"), _("Điều khoản"), _("Nội dung"), _("Tình trạng")],
                          [[n["reference"], _d(n["date"]), n["clause"] + standard.get(n["edition"], ""),
                            n["description"], _label(Nonconformity.Status, n["status"])]
                           for n in data["nonconformities"]]))
    return s


def _risks(data):
    s = InputSection("risks", "e", "")
    s.facts += [
        (_("Hành động hoàn thành trong kỳ"), data["done"]),
        (_("Được đánh giá có hiệu lực trong kỳ"), data["evaluated_effective"]),
        (_("Được đánh giá không có hiệu lực trong kỳ"), data["evaluated_not_effective"]),
        (_("Đã hoàn thành, chưa đánh giá hiệu lực"), data["to_evaluate"]),
        (_("Đang thực hiện (quá hạn tại ngày %(d)s)") % {"d": _d(data["as_of"])}, f"{data['open']} ({data['overdue']})"),
    ]
    r = data["register"]
    s.facts.append((_("Sổ rủi ro và cơ hội"), _("%(r)s rủi ro (%(h)s mức cao), %(o)s cơ hội; %(v)s được xem xét lại "
                                                 "trong kỳ") % {"r": r["risks"], "h": r["high"],
                                                               "o": r["opportunities"], "v": r["reviewed"]}))
    labels = [_("Có hiệu lực"), _("Không có hiệu lực"), _("Chưa đánh giá"), _("Đang thực hiện")]
    values = [data["evaluated_effective"], data["evaluated_not_effective"], data["to_evaluate"], data["open"]]
    if any(values):
        s.charts.append(_chart("bar", _("Hành động giải quyết rủi ro và cơ hội"), labels,
                               {_("Số hành động"): values}, _("Tình trạng")))
    rows = []
    for a in data["actions"]:
        judged = {True: _("Có hiệu lực"), False: _("Không có hiệu lực"), None: _("Chưa đánh giá")}[a["effective"]]
        if a["evaluated_on"]:
            judged = f"{judged} {_d(a['evaluated_on'])}"
        rows.append([f"{_label(Risk.Kind, a['kind'])}: {a['risk']}", a["action"], a["owner"], _d(a["completed_on"]),
                     judged, a["note"]])
    s.tables.append(Table(_("Hành động giải quyết rủi ro, cơ hội trong kỳ"),
                          [_("Rủi ro, cơ hội"), _("Hành động"), _("Người thực hiện"), _("Hoàn thành"), _("Hiệu lực"),
                           _("Căn cứ đánh giá")], rows))
    if not rows and not data["open"]:
        s.empty = _("Không có hành động giải quyết rủi ro, cơ hội nào trong kỳ.")
    return s


BUILDERS = {"audits": _audits, "feedback": _feedback, "performance": _performance, "actions": _actions,
            "follow_up": _follow_up, "changes": _changes, "providers": _providers, "risks": _risks}
# Inputs that are the coordinator's own words (no record holds them): what the section says while they are missing.
WRITTEN = {
    "resources": lambda: _("Chưa có đánh giá về sự thỏa đáng của nguồn lực (con người, cơ sở hạ tầng, môi trường "
                           "làm việc, kinh phí): điều phối viên ghi ở ô nhận xét của mục này."),
    "providers": lambda: _("Cơ quan không có sổ nhà cung cấp: điều phối viên ghi đánh giá về kết quả thực hiện của "
                           "các nhà cung cấp bên ngoài (bưu chính công ích, phần mềm, đơn vị tư vấn…) ở ô nhận xét "
                           "của mục này."),
}


def edition(data):
    """The edition a compiled or frozen set of inputs was made under (a version 1 snapshot: 2008)."""
    return data.get("edition", clauses.EDITION_2008)


def sections(data, notes=()):
    """The inputs of 5.6.2 (a–g) or of 9.3.2 (a–f), in the standard's order, with the coordinator's comment on
    each."""
    by_section = {n.section: n for n in notes}
    result = []
    for key, letter, title in SECTIONS[edition(data)]:
        if key == "context":
            section = _context(data["context"], data["changes"])
        else:
            section = BUILDERS[key](data[key]) if key in BUILDERS else InputSection(key, letter, "")
        section.letter, section.title, section.note = letter, str(title or Section(key).label), by_section.get(key)
        if key in WRITTEN and section.note is None:
            section.empty = WRITTEN[key]()
        if letter == "c1":
            section.group = _("c) Thông tin về kết quả thực hiện và hiệu lực của hệ thống quản lý chất lượng, bao gồm "
                              "xu hướng về:")
        result.append(section)
    return result
