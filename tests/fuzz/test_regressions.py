"""Cases hypothesis found once, kept as plain tests."""

from django.urls import reverse

from qms.core.models import User


def test_anonymous_login_with_a_300_character_username_is_refused_with_a_message(db, client):
    # Found on PostgreSQL: django-axes stored the name in a varchar(255) and the login answered 500.
    response = client.post(reverse("login"), {"username": "Ệ" * 300, "password": "x"})

    assert response.status_code == 200
    assert "150" in response.content.decode()  # "at most 150 characters", in the user's language
    assert not User.objects.exists()
