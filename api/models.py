"""The api app's models, for Django: each lives in its subject's package (``api/tokens/models.py``: access
tokens, service accounts and the log of every token use). Code imports models from the subject's module."""

from api.tokens.models import ApiRequestLog, ServiceAccount, Token  # noqa: F401
