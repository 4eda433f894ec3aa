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
    more_url: str = ""  # the full list of this section's kind, linked when the page shows only the first ones
    section_total: int = 0  # set by a provider that fetched only the first SECTION_LIMIT items of a long section


def register(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


SECTION_LIMIT = 20  # items shown per section: the rest are counted and linked, the page stays readable and fast


def work_for(user):
    items = []
    for provider in _providers:
        items.extend(provider(user))
    # Overdue first, then by due date (undated last), then by title.
    items.sort(key=lambda i: (not i.overdue, i.due is None, i.due or 0, i.title))
    return items


def sections_of(items, limit=SECTION_LIMIT):
    """Group items by section, keeping the first ``limit`` of each (items come most urgent first)."""
    grouped = {}
    for item in items:
        grouped.setdefault(item.section, []).append(item)
    return [
        {"title": title, "items": group[:limit], "count": total, "hidden": max(0, total - limit),
         "more_url": next((i.more_url for i in group if i.more_url), "")}
        for title, group in grouped.items()
        for total in [max(len(group), *(i.section_total for i in group))]
    ]
