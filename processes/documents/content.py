"""Structured content helpers: step/record table rows, time parsing, the step-time check.

Step times are read as working days of 8 hours (the civil service's working day: one-stop desks write
"4 giờ" for half a day), so "4 giờ" is 0.5 and "30 phút" 1/16. The editor, the laid-out revision and the
Word import's preview all use the functions below; static/js/processes.js repeats parse_days for the
editor's live sum and must be kept in step with it.
"""

import math
import re

from qms.core.text import nfc

HOURS_PER_DAY = 8
# A number and, if given, its unit: "0,5 ngày", "01 ngày làm việc", "4 giờ", "4h", "30 phút".
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)?)\s*(ngày|ngay|giờ|gio|tiếng|tieng|h|phút|phut)?(?![^\W\d_])",
                     re.IGNORECASE)
_ASIDE = re.compile(r"\([^)]*\)")  # "0,5 ngày (04 giờ)": the same time again, in brackets
_PER_DAY = {"giờ": HOURS_PER_DAY, "gio": HOURS_PER_DAY, "tiếng": HOURS_PER_DAY, "tieng": HOURS_PER_DAY,
            "h": HOURS_PER_DAY, "phút": HOURS_PER_DAY * 60, "phut": HOURS_PER_DAY * 60}

STEP_KEYS = ["step", "responsibility", "description", "time", "forms"]
RECORD_KEYS = ["name", "keeper", "place", "retention"]
FORM_KEYS = ["code", "name"]


def parse_days(value):
    """'0,5 ngày' → 0.5; '02 ngày làm việc' → 2; '4 giờ' → 0.5; '1 ngày 4 giờ' → 1.5; '' → None.

    Amounts with a unit are added up; without any unit the first number counts as days."""
    text = nfc(value)
    amounts = _AMOUNT.findall(_ASIDE.sub(" ", text)) or _AMOUNT.findall(text)
    if not amounts:
        return None
    counted = [(number, unit) for number, unit in amounts if unit] or amounts[:1]
    return sum(float(number.replace(",", ".")) / _PER_DAY.get(unit.lower(), 1) for number, unit in counted)


def round_days(value):
    """Two decimals, halves up, exactly as the editor's script rounds (Math.round(n * 100) / 100): "1 giờ" is
    0.125 day and shows as 0,13 on every page and while typing (Python's round() would give 0,12)."""
    return math.floor(value * 100 + 0.5) / 100


def step_days_total(steps):
    """Sum of the step table's times in working days; None when no step gives a number."""
    total, found = 0.0, False
    for step in steps or []:
        days = parse_days(step.get("time", ""))
        if days is not None:
            total += days
            found = True
    return round_days(total) if found else None


def time_mismatch(steps, processing_time_days):
    """Do the steps add up to something other than the stated processing time (5.4)? The one check the
    editor, the laid-out revision and the Word import's preview warn with."""
    total = step_days_total(steps)
    return processing_time_days is not None and total is not None and abs(total - processing_time_days) > 0.01


def clean_rows(rows, keys):
    """Keep only known keys as stripped strings; drop rows where every cell is empty."""
    cleaned = []
    for row in rows or []:
        if not isinstance(row, dict):
            continue
        item = {k: nfc(str(row.get(k, "") or "")).strip()[:2000] for k in keys}
        if any(item.values()):
            cleaned.append(item)
    return cleaned
