"""The transition checklist button (issue 18) under junk input: it reads nothing but makes the template once."""

from tests.fuzz import Target
from tests.fuzz.strategies import nasty_text


def _templates(world):
    from audits.internal.models import ChecklistTemplate

    return ChecklistTemplate.objects.filter(agency=world.agency).count()


def _at_most_one(world, data, response, before):
    assert response.status_code == 302 and _templates(world) <= before + 1


TARGETS = [
    Target("quality:transition_checklist", fields={"junk": nasty_text()}, before=_templates, check=_at_most_one),
]
