"""The one-stop figures' selector (and the register filters its links add) under hostile input: a clear message,
never a 500."""

from hypothesis import strategies as st

from tests.fuzz import Target
from tests.fuzz.strategies import nasty_date, nasty_number, nasty_text

PERIODS = st.one_of(st.sampled_from(["month", "quarter", "year", "custom"]), nasty_text(max_size=20))

TARGETS = [
    Target("cases:figures", method="get", fields={"period": PERIODS, "start": nasty_date(), "end": nasty_date(),
                                                  "document": nasty_number(), "department": nasty_number()}),
    Target(name="cases:case_list (figures filters)", url_name="cases:case_list", persona="staff", method="get",
           fields={"result_from": nasty_date(), "result_to": nasty_date(), "outcome": nasty_text(max_size=10),
                   "open": nasty_text(max_size=10), "rating": nasty_text(max_size=15), "late_step": nasty_text()}),
]
