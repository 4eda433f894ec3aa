"""Building management reviews for tests, through the services (the same rules as the pages)."""

import datetime

from quality.review import services as svc
from quality.review.models import Decision


def draft_review(world, *, held_on=datetime.date(2026, 7, 10), start=datetime.date(2026, 1, 1),
                 end=datetime.date(2026, 6, 30), **kwargs):
    kwargs.setdefault("participants", [world.mgmt_rep, world.reviewer, world.auditor])
    kwargs.setdefault("guests", "Nguyễn Văn Tư, chuyên gia tư vấn")
    return svc.review_create(agency=world.agency, user=world.coordinator, held_on=held_on, period_start=start,
                             period_end=end, chair=world.head, **kwargs)


def held_review(world, **kwargs):
    today = kwargs.pop("today", None)
    review = draft_review(world, **kwargs)
    return svc.review_hold(review=review, user=world.coordinator, today=today)


def add_decision(world, review, *, owner=None, due=datetime.date(2026, 9, 30), kind=Decision.Kind.SERVICE,
                 description="Rút ngắn thời gian trả kết quả hồ sơ cấp phép xây dựng."):
    return svc.decision_add(review=review, user=world.coordinator, kind=kind, description=description,
                            owner=owner or world.reviewer, due_date=due)
