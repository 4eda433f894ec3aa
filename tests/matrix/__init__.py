"""The permission matrix: every URL pattern × every persona → the expected status code.

Each app keeps its rows in ``tests/matrix/<app>.py``:

    BUILD = [function(world) that adds objects to world.objects]
    ENTRIES = {"namespace:name": Entry(kwargs=lambda w: {...}, expect=expect(200, anonymous=302, outsider=404))}

``tests/test_permission_matrix.py`` discovers every named pattern from the URLconf and
fails when one has no entry, so a new view cannot ship without deciding who may open it.
"""

from dataclasses import dataclass, field
from typing import Callable

PERSONAS = ["anonymous", "coordinator", "head", "mgmt_rep", "reviewer", "author", "auditor", "staff", "oversight", "outsider"]


def expect(default, **overrides):
    unknown = set(overrides) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas {unknown}")
    return {persona: overrides.get(persona, default) for persona in PERSONAS}


# Common shapes.
def members(ok=200, *, anonymous=302, outsider=404, oversight=None, **overrides):
    """Any member of the agency may open it; anonymous goes to login; another agency gets 404."""
    values = {"anonymous": anonymous, "outsider": outsider, **overrides}
    if oversight is not None:
        values["oversight"] = oversight
    return expect(ok, **values)


@dataclass
class Entry:
    expect: dict
    kwargs: Callable = None  # world → URL kwargs
    method: str = "get"
    data: Callable = None  # world → POST data
    query: str = ""
    note: str = ""
    follow_redirect_ok: bool = False
    # A public page that names agencies to everyone (the front door, a copy's verification): the outsider's
    # "must not show this agency's name" check does not apply; the page is checked for internal content instead.
    public_names_agency: bool = False
    extra: dict = field(default_factory=dict)
