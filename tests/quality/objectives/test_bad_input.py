"""Bad input on the objective form and the dashboard's period, through the pages people use: a clear message in
their language beside the field, and nothing half-saved (no objective, no history row)."""

import pytest
from django.urls import reverse

from quality.objectives.models import Objective

pytestmark = pytest.mark.django_db


def _objective(world, **changes):
    data = {"year": "2026", "code": "MT-01", "title": "Hồ sơ đúng hạn", "department": world.departments["desk"].pk,
            "indicator": "Tỷ lệ hồ sơ đúng hạn", "unit": "%", "target": "95,5", "direction": "at_least",
            "frequency": "quarterly", "method": "manual", "answer_days": "15"}
    data.update(changes)
    return data


@pytest.mark.parametrize("target", ["chín mươi", "95%x", "1.000,5"])
def test_a_target_that_is_not_a_number_is_refused_beside_the_field_and_nothing_is_saved(world, client, target):
    client.force_login(world.coordinator)
    response = client.post(reverse("quality:objective_create"), _objective(world, target=target))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["target"], errors
    assert "Giá trị phải là một số, ví dụ 95,5." in response.content.decode()
    assert not Objective.objects.exists() and not Objective.history.exists()


def test_a_target_with_the_decimal_comma_is_saved(world, client):
    client.force_login(world.coordinator)
    response = client.post(reverse("quality:objective_create"), _objective(world, target="95,5"))
    objective = Objective.objects.get()
    assert response.status_code == 302 and str(objective.target) == "95.50"


def test_in_english_the_message_is_english(world, client):
    world.coordinator.language = "en"
    world.coordinator.save(update_fields=["language"])
    client.force_login(world.coordinator)
    response = client.post(reverse("quality:objective_create"), _objective(world, target="abc"),
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "Giá trị phải là một số" not in response.content.decode()
    assert response.context["form"].errors["target"]


def test_a_dashboard_period_ending_before_it_starts_says_so_and_shows_no_figures(world, client):
    client.force_login(world.coordinator)
    response = client.get(reverse("quality:dashboard"),
                          {"period": "custom", "start": "31/12/2026", "end": "01/01/2026"})
    body = response.content.decode()
    assert "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu." in body
    assert response.context["board"] is None  # figures of another period would be read as the answer
