"""System checks of the core, run by ``manage.py check`` (``--deploy`` for the production ones)."""

from django.core.checks import Warning, register

from qms.core.integrity import runtime_role_problems


@register(deploy=True)
def runtime_role_check(app_configs=None, **kwargs):
    """The application must not connect as the owner of its tables: the owner can rewrite history."""
    from django.db import DatabaseError

    try:
        problems = runtime_role_problems()
    except DatabaseError:
        return []  # an unreachable database is reported by Django's own checks and at start-up
    return [
        Warning(
            f"History is not append-only for this connection: {problem}.",
            hint="Run the application as a role that owns nothing (QMS_DB_RUNTIME_ROLE, README "
            "'Production deployment'); run migrate as the owner.",
            id="qms.W001",
        )
        for problem in problems
    ]
