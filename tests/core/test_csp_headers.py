"""Every response carries the Content-Security-Policy header (security review, issue 14).

django-csp leaves the header off 404 and 500 responses when DEBUG is on (so that Django's debug
pages keep their inline styles), and responses made by middleware above it (WhiteNoise's static
files, CommonMiddleware's slash redirects) never passed through it.
"""

import pytest

pytestmark = pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])


@pytest.fixture(autouse=True)
def _project_urls_imported_with_debug_off():
    # qms.urls adds a media pattern when first imported with DEBUG on; a test that turned DEBUG on
    # before the first request would leave it behind for every later test of this process.
    import qms.urls  # noqa: F401


@pytest.fixture
def anonymous(client, settings, debug):
    settings.DEBUG = debug
    client.raise_request_exception = False
    return client


def _policy(response):
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy, (response.status_code, policy)
    return policy


def test_unknown_url_answers_404_with_the_policy(anonymous, db):
    response = anonymous.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    _policy(response)


def test_a_logged_in_unknown_url_answers_404_with_the_policy(anonymous, world):
    anonymous.force_login(world.staff)
    response = anonymous.get("/tai-lieu/999999999/")
    assert response.status_code == 404
    _policy(response)


@pytest.mark.urls("tests.core.csp_urls")
def test_server_error_answers_500_with_the_policy(anonymous, db):
    response = anonymous.get("/thu-loi/", HTTP_ACCEPT="text/html")
    assert response.status_code == 500
    _policy(response)


@pytest.mark.urls("tests.core.csp_urls")
def test_permission_denied_answers_403_with_the_policy(anonymous, db):
    response = anonymous.get("/thu-cam/")
    assert response.status_code == 403
    _policy(response)


def test_missing_slash_redirect_carries_the_policy(anonymous, db):
    response = anonymous.get("/dang-nhap")
    assert response.status_code == 301 and response["Location"].endswith("/dang-nhap/")
    _policy(response)


def test_login_page_carries_the_policy(anonymous, db):
    response = anonymous.get("/dang-nhap/")
    assert response.status_code == 200
    _policy(response)


def test_static_file_carries_the_policy(client, settings, debug, db):
    # WhiteNoise answers before any middleware below it; with DEBUG on it serves from the finders.
    settings.DEBUG = debug
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    _policy(response)
