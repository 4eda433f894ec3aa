"""The yearly report's forms under hostile input: never a 500; a refused year makes no report; accepted text is
stored as typed (NFC) on a draft only."""

from tests.fuzz import Target
from tests.fuzz.strategies import junk, nasty_number, nasty_text


def _build(world):
    from django.utils import timezone

    from quality.reports.services import create_report, send_report, update_text

    if "report_draft" in world.objects:
        return
    year = timezone.localdate().year
    world.objects["report_draft"] = create_report(agency=world.agency, year=year, user=world.coordinator)
    sent = create_report(agency=world.agency, year=year - 1, user=world.coordinator)
    update_text(report=sent, user=world.coordinator, results="Đạt", difficulties="", proposals="")
    world.objects["report_sent"] = send_report(report=sent, user=world.coordinator)


def pk(name):
    def kwargs(world):
        _build(world)
        return {"pk": world.objects[name].pk}

    return kwargs


def _count(world):
    from quality.reports.models import YearlyReport

    return YearlyReport.objects.count()


def _nothing_on_refusal(world, data, response, before):
    if response.status_code != 302:
        assert _count(world) == before, "a refused year made a report"


def _sent_unchanged(world, data, response):
    report = world.objects["report_sent"]
    report.refresh_from_db()
    assert report.results == "Đạt", "a sent report was changed"


TEXT = {"results": nasty_text(), "difficulties": nasty_text(), "proposals": nasty_text(), "reason": nasty_text()}

TARGETS = [
    Target("quality:report_create", fields={"year": nasty_number()}, before=_count, check=_nothing_on_refusal),
    Target("quality:report_edit", build=_build, kwargs=pk("report_draft"), fields=TEXT),
    Target(name="quality:report_edit (sent)", url_name="quality:report_edit", build=_build,
           kwargs=pk("report_sent"), fields=TEXT, check=_sent_unchanged, max_examples=10),
    Target("quality:report_send", build=_build, kwargs=pk("report_draft"), fields={"reason": nasty_text()},
           max_examples=10),
    Target("quality:report_refresh", build=_build, kwargs=pk("report_draft"), fields={"junk": junk()},
           max_examples=3),
]
