"""Helpers for the one-stop demo: one agency's desk building files through ``cases.files.services`` with
``now=`` set to moments in the past, counted in working days back from today on the agency's own calendar, so codes,
appointments, steps' due times, outcomes, hand-overs and history are what the desk and the departments would have
made (the clock is never faked). The scripts and the seed are in ``cases.late.demo``: its late files need the apology
slip and the late NC of ``cases.late``, which this subject may not import.
"""

import datetime

from django.utils import timezone

from cases.files import services as svc
from cases.files.models import Case
from processes.documents.models import Revision
from qms.core import text as vntext
from qms.core.workdays import TZ, WorkCalendar

PREFIXES = {"ubnd-hoan-kiem": "hk", "so-tu-phap": "tp"}
ROLES = ("canbo", "soanthao", "truongphong", "lanhdao", "thuky")


class Desk:
    """One agency's demo: its calendar, people and effective procedures, and moments N working days ago."""

    def __init__(self, agency, users, prefix):
        self.agency, self.cal = agency, WorkCalendar.for_agency(agency)
        self.u = {s: users[f"{prefix}.{s}"] for s in ROLES}
        self.people = [u for u in users.values() if u.agency_id == agency.pk]
        self.revisions = {r.document.code: r for r in
                          Revision.objects.filter(agency=agency, status=Revision.Status.EFFECTIVE,
                                                  processing_time_days__isnull=False).select_related("document")}
        self.today = timezone.localtime(timezone.now(), TZ).date()

    def at(self, ago, hour, minute=0):
        """``ago`` working days before today (at least 1, so always in the past) at hour:minute local time."""
        day, left = self.today, ago
        while left:
            day -= datetime.timedelta(days=1)
            left -= self.cal.is_working_day(day)
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)

    def after(self, moment, days, hour=16):
        """A working day ``days`` working days after ``moment``, at ``hour`` (office hours: an apology's new date)."""
        day = self.cal.add(moment, days=days).astimezone(TZ).date()
        while not self.cal.is_working_day(day):
            day += datetime.timedelta(days=1)
        return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)

    def holder(self, step):
        """Who handles a step: a member of its department, else whom the step table names."""
        if step.department_id:
            named = [u for u in self.people if u.department_id == step.department_id and u.is_active]
            if self.u["canbo"] in named:
                return self.u["canbo"]
            if named:
                return sorted(named, key=lambda u: u.username)[0]
        folded = vntext.fold(step.responsibility)
        for word, role in (("mot cua", "canbo"), ("lanh dao", "lanhdao"), ("truong phong", "truongphong")):
            if word in folded:
                return self.u[role]
        return self.u["soanthao"]

    def intake(self, code, name, *, missing=0, **extra):
        revision = self.revisions[code]
        papers = svc.dossier_papers(revision)
        return svc.Intake(agency=self.agency, revision=revision, applicant_name=name,
                          applicant_address=extra.pop("address", "Phố Hàng Bạc, Hoàn Kiếm, Hà Nội"),
                          applicant_phone=extra.pop("phone", "0904000111"),
                          papers=papers[:len(papers) - missing] if missing else papers, **extra)

    def receive(self, code, name, when=None, **extra):
        return svc.case_receive(user=self.u["canbo"], intake=self.intake(code, name, **extra), now=when)

    def run(self, case, *done_at, notes=()):
        """Take and finish the file's steps in order, step i finished at ``done_at[i]`` (taken 15 minutes after
        it was handed over); stops when the moments run out, leaving the next step taken or waiting."""
        handed = case.received_at
        for i, when in enumerate(done_at):
            step = Case.objects.get(pk=case.pk).current_step
            if step is None:
                break
            user = self.holder(step)
            svc.step_take(step=step, user=user, now=handed + datetime.timedelta(minutes=15))
            if when is None:  # taken, still being worked on
                return step
            svc.step_complete(step=step, user=user, now=when,
                              note=notes[i] if i < len(notes) else "Đã xử lý xong, chuyển bước tiếp theo.")
            handed = when
        return None

    def deliver(self, case, result, returned, *, rating=None, comment="", method="in_person"):
        case = Case.objects.get(pk=case.pk)
        svc.case_record_result(case=case, user=self.u["canbo"], result_text=result)
        svc.case_return(case=case, user=self.u["canbo"], method=method, now=returned)
        if rating:
            svc.case_rate(case=case, rating=rating, comment=comment, user=self.u["canbo"],
                          now=returned + datetime.timedelta(minutes=10))
