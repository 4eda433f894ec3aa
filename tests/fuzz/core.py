"""Foundation forms and endpoints under hostile input."""

from urllib.parse import quote

from hypothesis import strategies as st

from tests.fuzz import Target
from tests.fuzz.strategies import nasty_number, nasty_text

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
