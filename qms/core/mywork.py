"""The "My work" page gathers what waits on a user from every app.

Each app registers a provider in its AppConfig.ready(): a function ``provider(user)``
returning a list of ``WorkItem``. A provider should cost a fixed, small number of queries.
"""

from dataclasses import dataclass, field

_providers = []


@dataclass
class WorkItem:
    section: str  # heading the item is grouped under, already translated
    title: str
    url: str = ""
    due: object = None  # a date, if the item has one
    overdue: bool = False
    detail: str = ""
    tags: list = field(default_factory=list)


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def work_for(user):
    items = []
    for provider in _providers:
        items.extend(provider(user))
    # Overdue first, then by due date (undated last), then by title.
    items.sort(key=lambda i: (not i.overdue, i.due is None, i.due or 0, i.title))
    return items
