# history-written-here: module — seed_scale inserts feedback with bulk_create and writes its history itself.
"""Citizens' feedback of the province data set (seed_scale, qms/core/scale/generate.py).

Registered from ``audits/apps.py`` as step 400, after the NCs (the data set's order of random draws):
received, answered by the ISO coordinator or dismissed with a reason, each with a tracking code.
"""

import datetime

from audits.feedback.models import TRACKING_ALPHABET, Feedback
from qms.core.scale import vocab
from qms.core.scale.generate import ANCHOR, at, fast_refresh

FEEDBACK = 4000  # in the province at scale 1.0 (quality.md)


def generate(seeder, ctx):
    """The feedback citizens sent the agency and what became of it."""
    r, agency = seeder.rng, ctx["agency"]
    items = []
    for _ in range(seeder.per_agency(FEEDBACK)):
        chars = "".join(r.choice(TRACKING_ALPHABET) for _ in range(10))
        status = r.choice(["received", "answered", "answered", "dismissed"])
        fb = Feedback(agency=agency, tracking_code=f"PA-{chars[:5]}-{chars[5:]}", name=seeder.name(),
                      contact=f"09{r.randint(10000000, 99999999)}", procedure=r.choice(vocab.PROCEDURE_TOPICS),
                      content=r.choice(vocab.FEEDBACK_TEXT).format(d=r.randint(2, 20)), status=status)
        if status == "answered":
            fb.answer = "Cơ quan đã kiểm tra và trả kết quả cho ông/bà; xin lỗi vì sự chậm trễ."
            fb.answered_at = at(ANCHOR - datetime.timedelta(days=r.randint(1, 300)))
            fb.answered_by = ctx["coordinator"]
        elif status == "dismissed":
            fb.dismissed_reason = "Nội dung không thuộc thẩm quyền giải quyết của cơ quan."
        items.append(fast_refresh(fb))
    seeder.created(Feedback, items, at(ANCHOR - datetime.timedelta(days=30)), None)


STEPS = [(400, generate)]  # for qms.core.subjects.register_scale (the orders: qms/core/scale/generate.py)
