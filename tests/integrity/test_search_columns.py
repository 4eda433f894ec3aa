"""The folded search columns hold what ``qms.core.search.refresh`` computes: written by the services from the
first save on and after every edit, by the demo data, and by the data migrations for rows saved before the
columns existed."""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from audits.capa import services as capa
from audits.capa.models import Action, Nonconformity
from audits.feedback import services as feedback_services
from audits.feedback.models import Feedback
from audits.internal import services as internal
from audits.internal.models import Audit
from cases.files.models import Case
from processes.documents.models import Document
from qms.core import search
from tests.audits.capa.helpers import S, nc_at, open_nc
from tests.audits.internal.helpers import audit
from tests.processes.documents.helpers import make_document

pytestmark = pytest.mark.django_db


def searchable():
    return [m for m in apps.get_models() if getattr(m, "SEARCH_FIELDS", None)]


def stale(model):
    """Rows whose column differs from what refresh() computes."""
    wrong = []
    for obj in model._default_manager.all():
        stored = obj.search_folded
        search.refresh(obj)
        if obj.search_folded != stored:
            wrong.append((obj.pk, stored, obj.search_folded))
    return wrong


def test_the_searchable_models_are_the_lists_with_a_search_box():
    assert set(searchable()) == {Nonconformity, Action, Audit, Feedback, Case}


def test_services_write_the_column_when_they_save_the_searched_text(world):
    nc = open_nc(world, description="Đường ống nước bị rò", process_ref="Cấp phép xây dựng", clause="7.5.1")
    assert nc.search_folded == f"{nc.reference.lower()} duong ong nuoc bi ro 7.5.1 cap phep xay dung"
    nc = capa.nc_update(nc=nc, user=world.reviewer, description="Nước tràn vào kho lưu trữ")
    assert "nuoc tran" in nc.search_folded and "duong" not in nc.search_folded

    planned = nc_at(world, S.CAUSE_ANALYSED)
    action = planned.actions.first()
    assert action.search_folded == search.fold(f"{planned.reference} {action.description}")

    a = audit(world, title="Đánh giá đường dây nóng")
    assert a.search_folded.startswith(f"{a.code.lower()} danh gia duong day nong")
    a = internal.audit_update(audit=a, user=world.coordinator, title="Đánh giá Bộ phận một cửa")
    assert "mot cua" in a.search_folded and "duong" not in a.search_folded

    fb = feedback_services.feedback_submit(agency=world.agency, content="Đường vào trụ sở ngập", procedure="Khai sinh")
    assert fb.search_folded == f"{fb.tracking_code.lower()} khai sinh duong vao tru so ngap"

    doc = make_document(world, code="QĐ-05.1", title="Quyết định")
    assert doc.search_code == "qd051"

    assert all(stale(model) == [] for model in searchable())


def test_the_demo_data_has_its_search_columns_filled(db):
    call_command("seed_demo", quiet=True)

    for model in searchable():
        assert model.objects.exists() and stale(model) == [], model
    assert all(d.search_code == search.compact(d.code) for d in Document.objects.all())


def _blank_then_migrate(module, model, column="search_folded"):
    # Rows as they were before the column existed: empty; then the migration's own fill.
    model._default_manager.update(**{column: ""})
    importlib.import_module(module).fill(apps, None)


def test_the_data_migrations_fill_existing_rows_as_the_services_do(world):
    nc = nc_at(world, S.CAUSE_ANALYSED)
    audit(world, title="Đánh giá đường dây nóng")
    feedback_services.feedback_submit(agency=world.agency, content="Đường vào trụ sở ngập", procedure="Khai sinh")
    make_document(world, code="QĐ-05.1", title="Quyết định")
    # The models whose column came after their rows (the cases app's table was created with it: nothing to fill).
    migrated = [m for m in searchable() if m is not Case]
    before = {m: sorted(m._default_manager.values_list("pk", "search_folded")) for m in migrated}
    assert all(before.values()) and nc.actions.exists()

    for model in migrated:
        _blank_then_migrate("audits.migrations.0004_search_folded", model)
    _blank_then_migrate("processes.migrations.0007_document_search_code", Document, "search_code")

    assert {m: sorted(m._default_manager.values_list("pk", "search_folded")) for m in migrated} == before
    assert list(Document.objects.values_list("search_code", flat=True)) == ["qd051"]
