"""The token and service-account forms (api/tokens) under hostile input: never a 500; a refused form makes no
token and no account."""

from hypothesis import strategies as st

from tests.fuzz import Target
from tests.fuzz.strategies import junk, nasty_number, nasty_text


def _counts(world):
    from api.tokens.models import ServiceAccount, Token

    return Token.objects.count(), ServiceAccount.objects.count()


def _nothing_half_saved(world, data, response, before):
    if response.status_code != 200 or "raw" in (response.context or {}):
        return  # a token made is answered 200 with the token shown once
    assert _counts(world) == before, "a refused form saved rows"


def _build_account(world):
    from api.tokens import services

    world.objects["fuzz_account"] = services.create_service_account(agency=world.agency, user=world.coordinator,
                                                                    name="Fuzz", roles=["staff"])


def _account(world):
    if "fuzz_account" not in world.objects:  # the fuzz run builds it first (outside the examples' savepoints)
        _build_account(world)
    return {"pk": world.objects["fuzz_account"].pk}


SCOPES = st.sampled_from(["documents:read", "nc:write", "", "nope", "\x00"])
ROLES = st.sampled_from(["staff", "oversight", "", "head", "x" * 30])

TARGETS = [
    Target("api:token_list", fields={"name": nasty_text(150), "scopes": SCOPES, "days": nasty_number()},
           before=_counts, check=_nothing_half_saved),
    Target("api:service_accounts", fields={"name": nasty_text(200), "roles": ROLES}, before=_counts,
           check=_nothing_half_saved),
    Target("api:service_account_detail", kwargs=_account, build=_build_account,
           fields={"name": nasty_text(150), "scopes": SCOPES, "days": nasty_number()}, before=_counts,
           check=_nothing_half_saved),
    Target("api:token_revoke", kwargs=lambda w: {"pk": 999999}, fields={"x": junk()}),
]
