"""The dashboards' period selector (and the filter parameters its links use) under hostile input: a clear
message, never a 500."""

from hypothesis import strategies as st

from tests.fuzz import Target
from tests.fuzz.strategies import nasty_date, nasty_text

PERIODS = st.one_of(st.sampled_from(["month", "quarter", "year", "custom"]), nasty_text(max_size=20))

TARGETS = [
    Target("quality:dashboard", method="get", fields={"period": PERIODS, "start": nasty_date(), "end": nasty_date()}),
    Target(name="quality:dashboard (head)", url_name="quality:dashboard", persona="head", method="get",
           fields={"period": st.just("custom"), "start": nasty_date(), "end": nasty_date()}),
    # The lists the dashboard links to, with the filters added for it.
    Target(name="audits:nc_list (dashboard filters)", url_name="audits:nc_list", method="get",
           fields={"active": nasty_text(max_size=5), "age": nasty_text(max_size=10), "clause": nasty_text(),
                   "detected_from": nasty_date(), "detected_to": nasty_date()}),
    Target(name="audits:feedback_list (dashboard filters)", url_name="audits:feedback_list", method="get",
           fields={"received_from": nasty_date(), "received_to": nasty_date(), "answer": nasty_text(max_size=10)}),
    Target(name="audits:audit_list (progress)", url_name="audits:audit_list", method="get",
           fields={"progress": nasty_text(max_size=10), "year": nasty_text(max_size=6)}),
    Target(name="processes:register (ack)", url_name="processes:register", method="get",
           fields={"ack": nasty_text(max_size=10), "review": nasty_text(max_size=10)}),
]
