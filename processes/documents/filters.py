"""Register filters and accent-insensitive search (DOC-12).

Search compares pre-computed columns: ``search_folded`` (accent-less, đ→d, lower case) and
``search_exact`` (lower case, diacritics kept) on Document, and the effective revision's
``search_folded`` for content. The query goes through the same ``fold``/``lower``, so SQLite
and PostgreSQL run the same plain substring match and return the same rows. Rank:
0 exact-diacritic phrase in code/title, 1 accent-less phrase in code/title, 2 every word in
code/title, 3 content only.
"""

import django_filters
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from processes.documents import permissions as perms
from qms.core import text as vntext
from processes.documents.models import ISO_CLAUSES, Document, Revision
from qms.core.models import Department
from qms.core.widgets import FastSelect

S = Revision.Status

STATUS_CHOICES = [
    ("effective", _("Đang hiệu lực")),
    ("in_progress", _("Đang soạn thảo / xem xét")),
    ("approved", _("Đã phê duyệt, chờ hiệu lực")),
    ("not_issued", _("Chưa ban hành")),
    ("obsolete", _("Hết hiệu lực (đã hủy bỏ)")),
]
ALL = _("Tất cả")
REVIEW_CHOICES = [("overdue", _("Quá hạn xem xét")), ("30", _("Đến hạn trong 30 ngày"))]


def search(queryset, query, agency=None):
    """Filter and rank documents by an accent-insensitive query.

    ``agency`` (the register's agency) bounds the content subquery: PostgreSQL runs it as one
    hashed pass over the effective revisions, which without it reads every agency's bodies
    (bench at 20 agencies: search 1.6 s → 0.1 s in the database).
    """
    query = vntext.nfc(query).strip()[:200]
    words = vntext.tokens(query)[:12]  # a pasted paragraph must not become a hundred LIKE clauses
    if not words:
        return queryset
    folded_phrase = " ".join(words)
    exact_phrase = vntext.lower(query)
    in_title = Q()
    in_content = Q()
    for word in words:
        in_title &= _has("search_folded", word)
        in_content &= _has("search_folded", word)
    content_match = Exists(
        Revision.objects.filter(document=OuterRef("pk"), status=S.EFFECTIVE)
        .filter(**({"agency_id": getattr(agency, "pk", agency)} if agency is not None else {})).filter(in_content)
    )
    return queryset.filter(in_title | content_match).annotate(
        rank=Case(
            When(_has("search_exact", exact_phrase), then=Value(0)),
            When(_has("search_folded", folded_phrase), then=Value(1)),
            When(in_title, then=Value(2)),
            default=Value(3),
            output_field=IntegerField(),
        )
    ).order_by("rank", "code")


def _has(column, text):
    """``text`` occurs in ``column``: strpos() on PostgreSQL, instr() on SQLite.

    Both sides are already folded the same way, so a plain substring test is what is meant; it is
    about 3× faster than LIKE '%…%' over PostgreSQL's UTF-8 text (measured over one agency's 500
    effective bodies: 11 ms against 38 ms) and needs no escaping of % and _ in the query.
    """
    return Q(GreaterThan(StrIndex(column, Value(text)), 0))


class DocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_q")
    doc_type = django_filters.ChoiceFilter(widget=FastSelect, label=_("Loại"), choices=Document.Type.choices, empty_label=ALL)
    department = django_filters.ModelChoiceFilter(widget=FastSelect, label=_("Đơn vị"), queryset=Department.objects.none(),
                                                  empty_label=ALL)
    status = django_filters.ChoiceFilter(widget=FastSelect, label=_("Tình trạng"), choices=STATUS_CHOICES, method="filter_status",
                                         empty_label=ALL)
    clause = django_filters.ChoiceFilter(widget=FastSelect, label=_("Điều khoản"), choices=ISO_CLAUSES, method="filter_clause",
                                         empty_label=ALL)
    review = django_filters.ChoiceFilter(widget=FastSelect, label=_("Xem xét định kỳ"), choices=REVIEW_CHOICES, method="filter_review",
                                         empty_label=ALL)

    class Meta:
        model = Document
        fields = ["q", "doc_type", "department", "status", "clause", "review"]

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.user = user
        self.filters["department"].queryset = Department.objects.filter(agency=user.agency)
        if not perms.can_see_drafts(user):
            self.filters["status"].extra["choices"] = [c for c in STATUS_CHOICES
                                                       if c[0] in ("effective", "obsolete")
                                                       and (c[0] != "obsolete" or perms.can_see_history(user))]
        for f in self.form.fields.values():
            f.required = False

    def filter_q(self, queryset, name, value):
        return search(queryset, value, agency=self.user.agency_id)

    def filter_status(self, queryset, name, value):
        def has(*statuses):
            return Exists(Revision.objects.filter(document=OuterRef("pk"), status__in=statuses))

        if value == "effective":
            return queryset.filter(has(S.EFFECTIVE))
        if value == "in_progress":
            return queryset.filter(has(S.DRAFT, S.IN_REVIEW))
        if value == "approved":
            return queryset.filter(has(S.APPROVED))
        if value == "not_issued":
            return queryset.filter(~has(S.EFFECTIVE), withdrawn_at__isnull=True)
        if value == "obsolete":
            return queryset.filter(withdrawn_at__isnull=False)
        return queryset

    def filter_clause(self, queryset, name, value):
        return queryset.filter(
            Q(clauses=value) | Q(clauses__startswith=f"{value},") | Q(clauses__endswith=f", {value}")
            | Q(clauses__contains=f", {value},")
        )

    def filter_review(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.review_due(today - timezone.timedelta(days=1))
        if value == "30":
            return queryset.review_due(today + timezone.timedelta(days=30))
        return queryset
