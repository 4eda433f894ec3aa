"""One-stop forms' and public pages' inputs under hostile input: never a 500; the register exports take the
register's filters; the status page's code and rating; the coordinator's settings (nothing half-saved) and the
access log's filters."""

from tests.fuzz import Target
from tests.fuzz.strategies import nasty_number, nasty_text


def _build(world):
    from tests.fuzz.cases_files import _build as files_build

    files_build(world)  # one procedure and file for both modules (a second would reuse the procedure's code)
    world.objects["slips_case"] = world.objects["case"]


def _key(world):
    _build(world)
    return {"key": world.objects["slips_case"].public_key}


def _settings_unchanged(world):
    from cases.files.models import OneStopSettings

    return list(OneStopSettings.objects.values_list("retention_months", "auto_open_late_nc"))


def _refused_saves_nothing(world, data, response, before):
    if response.status_code == 200:
        assert _settings_unchanged(world) == before, "a refused settings form saved"


FILTERS = {"document": nasty_text(20), "department": nasty_text(20), "status": nasty_text(20),
           "received_from": nasty_text(20), "received_to": nasty_text(20), "late": nasty_text(10), "q": nasty_text(60)}
TARGETS = [
    # A PDF per example is slow: fewer examples; the filters are the register page's (fuzzed there too).
    Target("cases:register_pdf", persona="staff", method="get", build=_build, fields=FILTERS, max_examples=8),
    Target("cases:register_xlsx", persona="auditor", method="get", build=_build, fields=FILTERS, max_examples=15),
    Target("cases:access_log", persona="coordinator", method="get", fields={"ma": nasty_text(80), "user": nasty_text(20),
                                                                          "page": nasty_text(10)}),
    Target("cases:onestop_settings", persona="coordinator",
           fields={"retention_months": nasty_number(), "auto_open_late_nc": nasty_text(10)},
           before=_settings_unchanged, check=_refused_saves_nothing),
    Target("case_public:lookup", persona=None, method="get", fields={"ma": nasty_text(80)}),
    Target("case_public:status", persona=None, build=_build, kwargs=_key,
           fields={"rating": nasty_text(20), "comment": nasty_text()}),
    Target("case_public:status", name="case_public:status key", persona=None, method="get",
           path=lambda world, drawn: f"/tra-cuu-ho-so/{drawn['key']}/", fields={"key": nasty_text(40)}),
]
