from django.core import mail
from django.core.management import call_command
from django.db import transaction

from qms.core.demo import DEMO_PASSWORD
from qms.core.models import Agency, Department, Role, User, UserRole
from qms.core.mywork import WorkItem, _providers, register
from qms.core.notify import notify
from tests.factories import PASSWORD


def test_seed_demo_twice_creates_nothing_new(db):
    call_command("seed_demo", "--quiet")
    counts = (Agency.objects.count(), Department.objects.count(), User.objects.count(), UserRole.objects.count())
    call_command("seed_demo", "--quiet")
    assert counts == (Agency.objects.count(), Department.objects.count(), User.objects.count(), UserRole.objects.count())
    assert counts[0] >= 2
    # One user per role in the district People's Committee.
    hk = Agency.objects.get(code="ubnd-hoan-kiem")
    held = set(UserRole.objects.filter(user__agency=hk).values_list("role", flat=True))
    assert held >= {r.value for r in Role if r != Role.OVERSIGHT}


def test_every_demo_login_works(db, client):
    call_command("seed_demo", "--quiet")
    for user in User.objects.filter(is_active=True):
        response = client.post("/dang-nhap/", {"username": user.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, user.username
        client.logout()


def test_wrong_password_shows_vietnamese_message(world, client):
    response = client.post("/dang-nhap/", {"username": "staff", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_five_wrong_passwords_lock_the_login(world, client):
    for _ in range(5):
        client.post("/dang-nhap/", {"username": "staff", "password": "sai"})
    response = client.post("/dang-nhap/", {"username": "staff", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.content.decode()


def test_anonymous_is_sent_to_login(db, client):
    response = client.get("/viec-cua-toi/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_unknown_page_is_a_vietnamese_404(world, client):
    client.force_login(world.staff)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang hoặc dữ liệu" in response.content.decode()


def test_language_switch_is_remembered_per_user(world, client):
    client.force_login(world.staff)
    assert "Việc của tôi" in client.get("/viec-cua-toi/").content.decode()
    client.post("/ngon-ngu/", {"language": "en", "next": "/viec-cua-toi/"})
    world.staff.refresh_from_db()
    assert world.staff.language == "en"
    client.cookies.clear()
    client.force_login(world.staff)
    body = client.get("/viec-cua-toi/").content.decode()
    assert "My work" in body and 'lang="en"' in body


def test_language_switch_refuses_foreign_redirects(world, client):
    client.force_login(world.staff)
    response = client.post("/ngon-ngu/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_my_work_shows_empty_state_and_registered_items(world, client):
    client.force_login(world.staff)
    assert "Không có việc nào đang chờ bạn" in client.get("/viec-cua-toi/").content.decode()

    def provider(user):
        return [WorkItem(section="Tài liệu cần đọc", title="QT-05 Cấp giấy phép xây dựng", url="/x/")] if user == world.staff else []

    register(provider)
    try:
        body = client.get("/viec-cua-toi/").content.decode()
        assert "QT-05 Cấp giấy phép xây dựng" in body and "Tài liệu cần đọc" in body
    finally:
        _providers.remove(provider)


def test_notification_emails_only_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify([world.reviewer], "capa.nc_new", "/tai-lieu/1/", params={"code": "NC-THU"}, task=None)
            assert mail.outbox == []
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.reviewer.email]
    assert world.reviewer.notifications.filter(key="capa.nc_new", params={"code": "NC-THU"}).exists()
