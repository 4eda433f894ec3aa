"""Structured content helpers: step/record table rows, time parsing."""

import re

_NUMBER = re.compile(r"(\d+(?:[.,]\d+)?)")
_HOURS = re.compile(r"\b(giờ|gio|h)\b", re.IGNORECASE)

STEP_KEYS = ["step", "responsibility", "description", "time", "forms"]
RECORD_KEYS = ["name", "keeper", "place", "retention"]
FORM_KEYS = ["code", "name"]


def parse_days(value):
    """'0,5 ngày' → 0.5; '02 ngày làm việc' → 2; '4 giờ' → 0.5 (8-hour day); '' → None."""
    if not value:
        return None
    match = _NUMBER.search(str(value))
    if not match:
        return None
    number = float(match.group(1).replace(",", "."))
    if _HOURS.search(str(value)):
        return number / 8
    return number


def clean_rows(rows, keys):
    """Keep only known keys as stripped strings; drop rows where every cell is empty."""
    from qms.core.text import nfc

    cleaned = []
    for row in rows or []:
        if not isinstance(row, dict):
            continue
        item = {k: nfc(str(row.get(k, "") or "")).strip()[:2000] for k in keys}
        if any(item.values()):
            cleaned.append(item)
    return cleaned
