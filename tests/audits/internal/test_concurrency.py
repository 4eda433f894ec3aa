"""Audits planned at the same moment get different numbers (the programme row is the counter).

Real threads with their own connections (transactional_db): SQLite serialises writers with
IMMEDIATE transactions, PostgreSQL with select_for_update on the programme row.
"""

import threading

from django.db import close_old_connections, connection

from audits.internal import services as svc
from audits.internal.models import Audit, AuditProgramme
from tests.conftest import build_world

WRITERS = 8


def test_simultaneous_audits_get_unique_consecutive_codes(concurrent_db):
    world = build_world()
    programme = AuditProgramme.objects.create(agency=world.agency, year=2026, title="Chương trình 2026")
    barrier = threading.Barrier(WRITERS)
    errors, codes = [], []
    lock = threading.Lock()

    def create(i):
        try:
            barrier.wait(timeout=30)
            audit = svc.audit_create(programme=programme, user=world.coordinator, title=f"Đánh giá số {i}",
                                     planned_month=(i % 12) + 1, departments=[world.departments["desk"]])
            with lock:
                codes.append(audit.code)
        except Exception as exc:  # collected and asserted below
            with lock:
                errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    close_old_connections()

    assert errors == []
    assert sorted(codes) == [f"DG-2026-{n:02d}" for n in range(1, WRITERS + 1)]
    assert Audit.objects.count() == WRITERS
    programme.refresh_from_db()
    assert programme.last_audit_number == WRITERS


def test_two_auditors_saving_the_same_question_at_once_never_overwrite_each_other_unread(concurrent_db):
    """Both opened the checklist with question 1 unanswered and both press "Lưu tất cả" at the same moment:
    one is saved; the other is refused as a whole (all or nothing) because question 1 changed since they looked."""
    import datetime

    from tests.audits.internal.helpers import audit, auditor

    world = build_world()
    colleague = auditor(world)
    a = audit(world, status="in_progress", team=[colleague], start=datetime.date(2026, 3, 10),
              end=datetime.date(2026, 3, 12))
    q1, q2 = (svc.checklist_add_item(audit=a, user=world.auditor, question=f"Câu hỏi {n}?", clause="4.2.3")
              for n in (1, 2))
    seen = {"clause": "4.2.3", "question": "", "answer": "", "evidence": ""}
    barrier = threading.Barrier(2)
    outcomes, lock = {}, threading.Lock()

    def save_all(user, text):
        try:
            barrier.wait(timeout=30)
            svc.checklist_answer_many(audit=a, user=user, answers=[
                {"item": item, "answer": "conform", "evidence": text, "question": item.question, "clause": "4.2.3",
                 "seen": {**seen, "question": item.question}}
                for item in (q1, q2)
            ])
            result = "saved"
        except svc.ChecklistRefused as exc:
            result = sorted(exc.by_item)
        except Exception as exc:  # collected and asserted below
            result = repr(exc)
        finally:
            connection.close()
        with lock:
            outcomes[user.username] = result

    threads = [threading.Thread(target=save_all, args=args)
               for args in ((world.auditor, "Ghi của trưởng đoàn."), (colleague, "Ghi của thành viên."))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    close_old_connections()

    assert sorted(outcomes.values(), key=str) == sorted(["saved", [q1.pk, q2.pk]], key=str), outcomes
    winner = next(name for name, result in outcomes.items() if result == "saved")
    text = "Ghi của trưởng đoàn." if winner == world.auditor.username else "Ghi của thành viên."
    assert set(a.checklist_items.values_list("evidence", flat=True)) == {text}
