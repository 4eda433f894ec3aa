from tests.matrix import Entry, expect



def build(world):
    from qms.core.notify import notify

    # The staff member's own notification: only they may follow it, everyone else gets 404.
    world.objects["notification"] = notify([world.staff], "feedback.new", "/viec-cua-toi/", params={"code": "PA-THU"},
                                            task=None)[0]


BUILD = [build]

ENTRIES = {
    "login": Entry(expect=expect(302, anonymous=200)),  # logged-in users are sent on to My work
    "logout": Entry(method="post", expect=expect(302)),
    "password_change": Entry(expect=expect(200, anonymous=302)),
    "password_change_done": Entry(expect=expect(200, anonymous=302)),
    # The JavaScript catalog (texts for static/js) is open to everyone, like the static files it serves.
    "javascript-catalog": Entry(expect=expect(200)),
    "core:home": Entry(expect=expect(302)),
    "core:province_overview": Entry(expect=expect(403, anonymous=302, oversight=200)),
    "core:my_work": Entry(expect=expect(200, anonymous=302)),
    "core:notifications_read": Entry(method="post", expect=expect(302)),
    "core:notification_open": Entry(kwargs=lambda w: {"pk": w.objects["notification"].pk},
                                    expect=expect(404, anonymous=302, staff=302)),
    "core:set_language": Entry(method="post", data=lambda w: {"language": "en", "next": "/"}, expect=expect(302)),
    # History of the agency's own department: managers only; another agency's → 404.
    "core:history": Entry(
        kwargs=lambda w: {"model": "core.department", "pk": w.departments["urban"].pk},
        expect=expect(403, anonymous=302, coordinator=200, head=200, mgmt_rep=200, outsider=404, oversight=404),
    ),
}


def build_calendar(world):
    import datetime

    from qms.core.models import CalendarChange

    # A past day of the agency: removing it is refused with a message (302), so the matrix changes nothing.
    world.objects["calendar_change"] = CalendarChange.objects.create(
        date=datetime.date(2025, 9, 5), kind="day_off", reason="Công văn thử", agency=world.agency,
        created_by=world.coordinator)


BUILD.append(build_calendar)

ENTRIES.update({
    # Every member of an agency reads its calendar (the outsider reads their own agency's; oversight the province's).
    "core:workday_calendar": Entry(expect=expect(200, anonymous=302)),
    # Every member reads which edition of ISO 9001 their agency applies; only its coordinator changes it (the
    # form is shown to them alone; a POST by anyone else is 403, tests/core/test_iso_edition.py).
    "core:iso_edition": Entry(expect=expect(200, anonymous=302)),
    # The agency's coordinator removes the agency's days; oversight sees only province-wide rows (404).
    "core:workday_change_remove": Entry(
        method="post", kwargs=lambda w: {"pk": w.objects["calendar_change"].pk}, data=lambda w: {"reason": "thử"},
        expect=expect(403, anonymous=302, coordinator=302, outsider=404, oversight=404),
        note="a past day: refused with a message, nothing changes"),
})


ENTRIES.update({
    # For load balancers and monitoring (qms/core/health): open without a login, the same for everyone.
    "core:healthz": Entry(expect=expect(200)),
    "core:readyz": Entry(expect=expect(200), note="database, storage and queue all answer in the test run"),
    # Metrics only for a bearer METRICS_TOKEN or an allowed address, never for a login (none configured here).
    "core:metrics": Entry(expect=expect(403)),
})
