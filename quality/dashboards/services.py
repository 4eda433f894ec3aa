"""The figures of an agency's quality dashboard (MR-3, ISO 9001:2008 8.2.3, 8.4), read from the other subjects.

Every figure is an SQL aggregate (COUNT … FILTER / GROUP BY), never rows loaded into Python, so the page costs the
same few queries whatever the agency's size (pinned by tests/quality/dashboards/test_queries.py). Each count
carries the URL of the list that shows exactly the rows it counts: the lists' own filter parameters
(processes/documents/filters.py, audits/capa/filters.py, audits/internal/forms.py, audits/feedback/filters.py),
and tests check that the linked list shows that many rows.

Dates: a period is two local dates, both included. Date columns compare as they are; datetime columns by their
date in the site's time zone (Asia/Ho_Chi_Minh), which ``__date`` does in SQL.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audits.capa.filters import AGE_BUCKETS, NO_CLAUSE, age_dates
from audits.capa.models import Action, Nonconformity
from audits.feedback.models import Feedback
from audits.internal.models import Audit
from processes.documents.filters import STATUS_CHOICES
from processes.documents.models import Acknowledgement, Document, Revision
from processes.documents.services import ensure_current
from qms.core import clauses, editions

S = Revision.Status


@dataclass
class Figure:
    """One figure: a label, a number and the list behind it."""

    label: str
    value: int
    url: str = ""


@dataclass
class Dashboard:
    agency: object
    start: datetime.date
    end: datetime.date
    today: datetime.date
    documents: list = field(default_factory=list)  # [Figure] by status
    reviews: list = field(default_factory=list)  # [Figure] overdue, due within 30 days
    ack_done: int = 0
    ack_asked: int = 0
    ack_pending_documents: Figure = None
    nc_age: list = field(default_factory=list)
    nc_source: list = field(default_factory=list)
    nc_clause: list = field(default_factory=list)
    nc_detected: Figure = None
    overdue_actions: Figure = None
    audit_year: int = 0
    audits_planned: Figure = None
    audits_done: Figure = None
    feedback_received: Figure = None
    feedback_on_time: Figure = None
    feedback_late: Figure = None
    feedback_waiting: Figure = None

    @property
    def ack_rate(self):
        return percent(self.ack_done, self.ack_asked)

    @property
    def audit_progress(self):
        return percent(self.audits_done.value, self.audits_planned.value)

    @property
    def feedback_on_time_rate(self):
        answered = self.feedback_on_time.value + self.feedback_late.value
        return percent(self.feedback_on_time.value, answered)


def percent(part, whole):
    """A share in percent, one decimal; None when there is nothing to divide (shown as "—", never 0 %)."""
    return round(100 * part / whole, 1) if whole else None


def link(name, **params):
    params = {k: (v.isoformat() if isinstance(v, datetime.date) else v) for k, v in params.items() if v not in ("", None)}
    return reverse(name) + ("?" + urlencode(params) if params else "")


def _documents(board, agency):
    """Documents by status, periodic reviews due, documents of which someone has not acknowledged the current issue:
    one query (each figure one COUNT with its own FILTER, the same conditions as the register's filters)."""

    def has(*statuses):
        return Exists(Revision.objects.filter(document=OuterRef("pk"), status__in=statuses))

    pending_ack = Exists(Acknowledgement.objects.filter(
        revision__document=OuterRef("pk"), revision__status=S.EFFECTIVE, requested_at__isnull=False,
        acknowledged_at__isnull=True))
    review_due = Q(next_review_due__isnull=False, withdrawn_at__isnull=True)
    today = board.today
    figures = Document.objects.filter(agency=agency).aggregate(
        effective=Count("pk", filter=Q(has(S.EFFECTIVE))),
        in_progress=Count("pk", filter=Q(has(S.DRAFT, S.IN_REVIEW))),
        approved=Count("pk", filter=Q(has(S.APPROVED))),
        not_issued=Count("pk", filter=~Q(has(S.EFFECTIVE)) & Q(withdrawn_at__isnull=True)),
        obsolete=Count("pk", filter=Q(withdrawn_at__isnull=False)),
        review_overdue=Count("pk", filter=review_due & Q(next_review_due__lte=today - datetime.timedelta(days=1))),
        review_30=Count("pk", filter=review_due & Q(next_review_due__lte=today + datetime.timedelta(days=30))),
        pending_ack=Count("pk", filter=Q(pending_ack) & Q(doc_type=Document.Type.PROCEDURE)),
    )
    board.documents = [Figure(label, figures[key], link("processes:register", status=key))
                       for key, label in STATUS_CHOICES]
    board.reviews = [
        Figure(_("Quá hạn xem xét định kỳ"), figures["review_overdue"], link("processes:register", review="overdue")),
        Figure(_("Đến hạn trong 30 ngày tới (kể cả quá hạn)"), figures["review_30"],
               link("processes:register", review="30")),
    ]
    board.ack_pending_documents = Figure(
        _("Quy trình hiện hành còn người chưa xác nhận đã đọc"), figures["pending_ack"],
        link("processes:register", doc_type=Document.Type.PROCEDURE, ack="pending"))


def _acknowledgements(board, agency):
    """Of the people asked to read the current issue of a procedure, how many confirmed "Đã đọc và hiểu"
    (processes.documents.services.acknowledgement_rate, summed over the agency's procedures in one query)."""
    figures = Acknowledgement.objects.filter(
        agency=agency, revision__status=S.EFFECTIVE, revision__document__doc_type=Document.Type.PROCEDURE,
        requested_at__isnull=False,
    ).aggregate(asked=Count("pk"), done=Count("pk", filter=Q(acknowledged_at__isnull=False)))
    board.ack_asked, board.ack_done = figures["asked"], figures["done"]


def _nonconformities(board, agency):
    """Open NCs by age today (one query); NCs detected in the period by source and by clause (one GROUP BY each);
    actions overdue today (one query)."""
    ncs = Nonconformity.objects.filter(agency=agency)
    active = ncs.active()
    buckets = {}
    for key in AGE_BUCKETS:
        first, last = age_dates(key, board.today)
        condition = Q(detected_on__lte=last) & (Q(detected_on__gte=first) if first else Q())
        buckets[key] = Count("pk", filter=condition)
    ages = active.aggregate(**{f"b{i}": agg for i, agg in enumerate(buckets.values())})
    board.nc_age = [Figure(AGE_BUCKETS[key][0], ages[f"b{i}"], link("audits:nc_list", active="on", age=key))
                    for i, key in enumerate(buckets)]

    period = {"detected_from": board.start, "detected_to": board.end}
    detected = ncs.filter(detected_on__gte=board.start, detected_on__lte=board.end).order_by()
    sources = dict(Nonconformity.Source.choices)
    by_source = {row["source"]: row["n"] for row in detected.values("source").annotate(n=Count("pk"))}
    board.nc_source = [Figure(label, by_source.get(key, 0), link("audits:nc_list", source=key, **period))
                       for key, label in sources.items() if by_source.get(key)]
    # An NC detected before the agency moved to 2015 keeps its 2008 clause, shown with its 2015 equivalent beside it
    # (editions.edition_on: the same rule as {% clause %} on the NC's own page).
    since = agency.iso_edition_since if agency.iso_edition == clauses.EDITION_2015 else None
    made_before = Case(When(detected_on__lt=since, then=Value(True)), default=Value(False)) if since else Value(False)
    by_clause = (detected.annotate(before=made_before).values("clause", "before").annotate(n=Count("pk"))
                 .order_by("clause", "before"))
    board.nc_clause = [
        Figure(editions.with_equivalent(row["clause"], clauses.EDITION_2008 if row["before"] else agency.iso_edition,
                                        agency.iso_edition) or _("Chưa ghi điều khoản"),
               row["n"], link("audits:nc_list", clause=row["clause"] or NO_CLAUSE, **period))
        for row in by_clause
    ]
    board.nc_detected = Figure(_("Phát hiện trong kỳ"), sum(c.value for c in board.nc_source),
                               link("audits:nc_list", **period))
    board.overdue_actions = Figure(
        _("Hành động quá hạn"), Action.objects.for_agency(agency).overdue(board.today).count(),
        link("audits:action_list", overdue="on"))


def _audits(board, agency):
    """The audit programme of the period's last year: audits planned, and carried out (report issued or closed)."""
    year = board.end.year
    figures = Audit.objects.filter(agency=agency, programme__year=year).aggregate(
        planned=Count("pk"), done=Count("pk", filter=Q(status__in=Audit.DONE)))
    board.audit_year = year
    board.audits_planned = Figure(_("Cuộc đánh giá theo chương trình"), figures["planned"],
                                  link("audits:audit_list", year=year))
    board.audits_done = Figure(_("Đã thực hiện (đã có báo cáo)"), figures["done"],
                               link("audits:audit_list", year=year, progress="done"))


def _feedback(board, agency):
    """Citizens' feedback sent in the period: answered within Feedback.ANSWER_DAYS, answered later, still waiting."""
    sent = Feedback.objects.filter(agency=agency).received_between(board.start, board.end)
    on_time = sent.answered_on_time().values("pk")
    late = sent.answered_late().values("pk")
    figures = sent.aggregate(
        received=Count("pk"),
        on_time=Count("pk", filter=Q(pk__in=on_time)),
        late=Count("pk", filter=Q(pk__in=late)),
        waiting=Count("pk", filter=Q(status=Feedback.Status.RECEIVED)),
    )
    period = {"received_from": board.start, "received_to": board.end}
    board.feedback_received = Figure(_("Phản ánh nhận trong kỳ"), figures["received"],
                                     link("audits:feedback_list", **{"trang-thai": "all"}, **period))
    board.feedback_on_time = Figure(_("Trả lời đúng hạn"), figures["on_time"],
                                    link("audits:feedback_list", **{"trang-thai": "answered"}, answer="on_time", **period))
    board.feedback_late = Figure(_("Trả lời quá hạn"), figures["late"],
                                 link("audits:feedback_list", **{"trang-thai": "answered"}, answer="late", **period))
    board.feedback_waiting = Figure(_("Đang chờ xử lý"), figures["waiting"], link("audits:feedback_list", **period))


def agency_dashboard(agency, start, end, today):
    """Every figure of the dashboard for ``agency``: the period [start, end] (local dates, both included) for what
    happened in it (NCs detected, feedback sent, the programme of end's year); ``today`` for what is due or late."""
    ensure_current(agency=agency)  # what the register shows: revisions whose effective date came are effective
    board = Dashboard(agency=agency, start=start, end=end, today=today)
    _documents(board, agency)
    _acknowledgements(board, agency)
    _nonconformities(board, agency)
    _audits(board, agency)
    _feedback(board, agency)
    return board
