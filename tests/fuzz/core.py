"""Foundation forms and endpoints under hostile input."""

from urllib.parse import quote

from hypothesis import strategies as st

from tests.fuzz import Target
from tests.fuzz.strategies import nasty_date, nasty_number, nasty_text

TARGETS = [
    Target("login", persona=None, fields={"username": nasty_text(), "password": nasty_text(), "next": nasty_text()}),
    Target(
        "password_change",
        fields={"old_password": nasty_text(), "new_password1": nasty_text(), "new_password2": nasty_text()},
    ),
    Target("core:set_language", fields={"language": nasty_text(), "next": nasty_text()}),
    Target("core:set_language", name="core:set_language (anonymous)", persona=None, fields={"language": nasty_text(), "next": nasty_text()}),
    Target(
        name="core:history (junk model and pk)",
        method="get",
        fields={"model": st.one_of(nasty_text(), st.sampled_from(["core.user", "core.department", "core.historicaluser", "auth.permission", "sessions.session", "core.notification", "core.", ".", "core.user.x"])), "pk": nasty_number()},
        path=lambda w, d: "/lich-su/%s/%s/" % (quote(d["model"], safe="") or "x", "".join(c for c in d["pk"] if c.isascii() and c.isdigit()) or "0"),
    ),
    Target(
        name="core:history (junk query)",
        url_name="core:history",
        method="get",
        kwargs=lambda w: {"model": "core.department", "pk": w.departments["urban"].pk},
        fields={"page": nasty_number(), "q": nasty_text()},
    ),
    Target("core:my_work", method="get", fields={"q": nasty_text(), "page": nasty_number()}),
    Target("core:notifications_read", fields={"junk": nasty_text()}),
]


def _calendar_counts(world):
    from qms.core.models import CalendarChange

    return CalendarChange.objects.count()


def _calendar_nothing_half_saved(world, data, response, before):
    # Refused: the page again (200), no row; accepted: a redirect and exactly one row.
    after = _calendar_counts(world)
    assert after == before + (1 if response.status_code == 302 else 0), (before, after, response.status_code)


def _future_change(world):
    import datetime

    from qms.core.models import CalendarChange

    if "future_change" not in world.objects:
        world.objects["future_change"] = CalendarChange.objects.create(
            date=datetime.date(2099, 1, 5), kind="day_off", reason="Thử", agency=world.agency,
            created_by=world.coordinator)
    return {"pk": world.objects["future_change"].pk}


TARGETS += [
    Target("core:workday_calendar", fields={"date": nasty_date(), "kind": st.one_of(nasty_text(), st.sampled_from(["day_off", "working_day"])),
                                            "reason": nasty_text()},
           before=_calendar_counts, check=_calendar_nothing_half_saved),
    Target("core:workday_calendar", name="core:workday_calendar (oversight)", persona="oversight",
           fields={"date": nasty_date(), "kind": st.sampled_from(["day_off", "working_day", "x"]), "reason": nasty_text()},
           before=_calendar_counts, check=_calendar_nothing_half_saved),
    Target("core:workday_calendar", name="core:workday_calendar (year)", method="get", fields={"nam": nasty_number()}),
    Target("core:workday_change_remove", build=_future_change, kwargs=_future_change, fields={"reason": nasty_text()}),
]


def _edition_rows(world):
    world.agency.refresh_from_db()
    return (world.agency.history.count(), world.agency.iso_edition)


def _edition_nothing_half_saved(world, data, response, before):
    # Refused: the page again with messages (400), the agency untouched; accepted: one history row, edition switched.
    after = _edition_rows(world)
    if response.status_code == 302:
        assert after[0] == before[0] + 1 and after[1] != before[1], (before, after)
    else:
        assert response.status_code == 400 and after == before, (before, after, response.status_code)


TARGETS += [
    Target("core:iso_edition", fields={"edition": st.one_of(nasty_text(), st.sampled_from(["2008", "2015"])),
                                       "since": nasty_date(), "reason": nasty_text()},
           before=_edition_rows, check=_edition_nothing_half_saved),
]
