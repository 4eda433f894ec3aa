"""Benchmark registry of the JSON API (bench/README.md): the agency's current documents and one revision with
its content, through /api/v1/ with a token (no session), at province scale. Listed in bench/common.py."""

from bench.pages import Page
from processes.documents.bench import LIST, setup_document


def setup_token(ctx):
    """A token of the benchmark user with every scope, made once (only its hash is stored)."""
    from api.tokens import services
    from api.tokens.models import Scope

    if "api_token" not in ctx.cache:
        _token, ctx.cache["api_token"] = services.create_token(owner=ctx.user, created_by=ctx.user, name="bench",
                                                               scopes=list(Scope.values), days=1)


def _setup(ctx):
    setup_token(ctx)
    setup_document(ctx)


def token_header(ctx):
    return {"Authorization": f"Bearer {ctx.cache['api_token']}"}


PAGES = [
    Page("api_documents", "list", anonymous=True, setup=_setup, headers=token_header,
         path=lambda ctx: "/api/v1/documents?limit=50", note="GET /api/v1/documents: first page of 50", **LIST),
    Page("api_revision", "detail", anonymous=True, setup=_setup, headers=token_header, goal_ratio=3.0,
         max_queries=12, path=lambda ctx: f"/api/v1/revisions/{ctx.cache['revision_pk']}",
         note="GET /api/v1/revisions/{id}: metadata, sections and step table"),
]
