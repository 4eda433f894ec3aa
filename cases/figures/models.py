"""The figures' summary tables: what the monthly figures count, kept per month as files are received, resolved and
rated, so a year's figures add up a few rows a month instead of every file and step of the year (issue 16 item 8;
quality.md: "measure before adding summary tables": at 50,000 files an agency the plain aggregates took 60–70× the
trivial page, mostly the late steps' join over 200,000 steps).

Derived data, not records: no history. Each row is one (agency, local month, procedure, department) cell. The
procedure None is "every procedure"; the department None is "every department", a department the files that went
through one of its steps (the register's own department filter). A file counts in the cells of (its procedure and
None) × (None and each of its departments), so every selection of the page reads its own cells and adds months,
never procedures: the year of an agency is 12 rows, not 12 × its 264 procedures. ``cases.figures.tallies`` keeps
them in step inside the services that change a counted field (through ``cases/files/hooks.py``) and rebuilds them
from the plain aggregates (``rebuild_case_tallies``).

What is not here changes with the clock, not with a service: files still open and open past their appointment are
counted live.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from processes.documents.models import Document
from qms.core.models import Agency, Department


# The kinds of cell: (procedure given, department given), each with its unique index (see MonthTally.Meta).
KINDS = ((True, True), (True, False), (False, True), (False, False))


def kind_of(document_id, department_id):
    return document_id is not None, department_id is not None


def kind_condition(kind):
    given_document, given_department = kind
    return Q(document__isnull=not given_document) & Q(department__isnull=not given_department)


def key_fields(kind, *extra):
    """The columns that identify a cell of ``kind`` (the NULL ones left out)."""
    given_document, given_department = kind
    return ["agency", "month", *(["document"] if given_document else []),
            *(["department"] if given_department else []), *extra]


def cells(prefix, *extra):
    names = {(True, True): "cell", (True, False): "procedure", (False, True): "department", (False, False): "agency"}
    return [models.UniqueConstraint(fields=key_fields(kind, *extra),
                                    condition=None if kind == (True, True) else kind_condition(kind),
                                    name=f"{prefix}_{names[kind]}_unique") for kind in KINDS]


class MonthTally(models.Model):
    """The files of one cell: received in ``month`` (``received``), and resolved in ``month`` (everything else:
    their outcome against the appointment, working days taken and stated, the applicants' ratings).

    Sums are integers so that adding is exact on both databases: working days in hundredths (the file keeps them
    with two decimals), stated days in whole days (a procedure's processing time)."""

    # No index of their own on the keys: the cell indexes below lead with the agency and serve every read; one
    # index less per column is one write less per cell in every counting service.
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(_("tháng"))  # the first day of the Asia/Ho_Chi_Minh calendar month
    document = models.ForeignKey(Document, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                 db_index=False)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                   db_index=False)
    received = models.PositiveIntegerField(default=0)
    early = models.PositiveIntegerField(default=0)
    on_time = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    days_taken_hundredths = models.BigIntegerField(default=0)
    days_taken_files = models.PositiveIntegerField(default=0)
    days_stated_sum = models.BigIntegerField(default=0)
    days_stated_files = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    acceptable = models.PositiveIntegerField(default=0)
    not_satisfied = models.PositiveIntegerField(default=0)

    COUNTERS = ("received", "early", "on_time", "late", "days_taken_hundredths", "days_taken_files",
                "days_stated_sum", "days_stated_files", "satisfied", "acceptable", "not_satisfied")

    class Meta:
        # One row per cell, through four unique indexes: NULL never equals NULL in a unique index, so each kind
        # of cell (procedure and department given, or either, or neither "every") has its own, partial where a
        # column is NULL. They are the upserts' conflict targets (cases/figures/tallies.py) and serve the page's
        # reads: an agency's months, then the procedure or department asked for.
        constraints = cells("monthtally")
    def __str__(self):
        return f"{self.agency_id} {self.month:%m/%Y} {self.document_id} {self.department_id or '*'}"


class StepTally(models.Model):
    """The finished steps of the files resolved in ``month``, per step code: how many, how many ran over their due
    time and by how long in all (microseconds, summed exactly; the average is taken when read)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField(_("tháng"))
    document = models.ForeignKey(Document, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                 db_index=False)
    department = models.ForeignKey(Department, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                                   db_index=False)
    code = models.CharField(_("bước"), max_length=40, blank=True)  # CaseStep.code
    done = models.PositiveIntegerField(default=0)
    late = models.PositiveIntegerField(default=0)
    overrun_microseconds = models.BigIntegerField(default=0)
    overrun_steps = models.PositiveIntegerField(default=0)  # the late steps with a due time (all of them, today)

    COUNTERS = ("done", "late", "overrun_microseconds", "overrun_steps")

    class Meta:
        constraints = cells("steptally", "code")

    def __str__(self):
        return f"{self.agency_id} {self.month:%m/%Y} {self.document_id} {self.department_id or '*'} {self.code}"
