"""The working-day calendar: which days an agency works, and deadlines counted in working days and hours.

Province-wide, so any subject may use it (one-stop files' due dates first). A day is a working day when it is a
weekday and not a public holiday of Vietnam (the pinned ``holidays`` package: Labour Code 2019 art. 112, lunar
New Year included, and the make-up Saturdays the government has already fixed), and then ``CalendarChange``
rows override: the province's, then the agency's own (which wins on the same date).

    cal = WorkCalendar.for_agency(agency)      # at most one query, on first use, whatever is asked after
    cal.add(received_at, days=Decimal("2.5"))  # aware datetime in, aware datetime out (Asia/Ho_Chi_Minh)
    cal.working_days_between(received_at, returned_at)   # Decimal, 2 places, negative when returned earlier
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import holidays
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from qms.core.models import CalendarChange
from qms.core.text import nfc

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Office hours of state agencies (Decision 188/1999/QĐ-TTg leaves the hours to each province; these are the
# usual ones of a one-stop desk). A working day is exactly these hours: 4 h + 3.5 h = 7.5 h, so "half a day" is
# 3 h 45 min of them and "8 working hours" runs into the next working day.
MORNING = (datetime.time(7, 30), datetime.time(11, 30))
AFTERNOON = (datetime.time(13, 30), datetime.time(17, 0))


def _seconds(t):
    return t.hour * 3600 + t.minute * 60 + t.second


_OPEN, _LUNCH_START = _seconds(MORNING[0]), _seconds(MORNING[1])
_LUNCH_END, _CLOSE = _seconds(AFTERNOON[0]), _seconds(AFTERNOON[1])
_MORNING_LEN = _LUNCH_START - _OPEN
DAY_SECONDS = _MORNING_LEN + (_CLOSE - _LUNCH_END)  # working seconds in one working day
HOUR_SECONDS = 3600


class WorkCalendar:
    """One agency's working days (``agency=None``: the province-wide calendar alone).

    Changes are read in one query the first time a day is asked about and kept for the instance's life; the
    holidays of a year are computed by the ``holidays`` package when that year is first asked about. Make one
    per request or per job, not one for the process (a change entered later would not be seen).
    """

    def __init__(self, agency=None):
        self.agency_id = getattr(agency, "pk", agency)
        self._changes = None
        # English names are the keys translated on the calendar page (holiday_name).
        self._holidays = holidays.country_holidays("VN", language="en_US")

    @classmethod
    def for_agency(cls, agency):
        return cls(agency)

    # ---- days ---------------------------------------------------------------------------------------------
    def _load_changes(self):
        if self._changes is None:
            scope = Q(agency__isnull=True)
            if self.agency_id is not None:
                scope |= Q(agency_id=self.agency_id)
            changes = {}
            # Province-wide rows first, so that the agency's own row of the same date replaces them.
            rows = CalendarChange.objects.filter(scope).values_list("date", "kind", "agency_id")
            for day, kind, agency_id in sorted(rows, key=lambda r: r[2] is not None):
                changes[day] = kind
            self._changes = changes
        return self._changes

    def is_public_holiday(self, d):
        return d in self._holidays

    def is_base_working_day(self, d):
        """Before the province's and agency's changes: a weekday that is no holiday, or a make-up Saturday the
        government fixed (the package knows them: ``weekend_workdays``)."""
        if d in self._holidays:
            return False
        return d.weekday() < 5 or d in self._holidays.weekend_workdays

    def is_working_day(self, d):
        kind = self._load_changes().get(d)
        if kind == CalendarChange.Kind.WORKING_DAY:
            return True
        if kind == CalendarChange.Kind.DAY_OFF:
            return False
        return self.is_base_working_day(d)

    def next_working_day(self, d):
        """The first working day strictly after ``d``."""
        d += datetime.timedelta(days=1)
        while not self.is_working_day(d):
            d += datetime.timedelta(days=1)
        return d

    # ---- working time ------------------------------------------------------------------------------------
    def _position(self, moment):
        """(working day, working seconds done that day) of an aware datetime: outside office hours counts from
        the next opening (a break from the afternoon's opening)."""
        if timezone.is_naive(moment):
            raise ValueError("an aware datetime is needed")
        local = moment.astimezone(TZ)
        day = local.date()
        t = Decimal(_seconds(local.time())) + Decimal(local.microsecond) / 1_000_000
        if not self.is_working_day(day) or t > _CLOSE:
            return self.next_working_day(day), 0
        if t <= _OPEN:
            return day, 0
        if t <= _LUNCH_START:
            return day, t - _OPEN
        if t <= _LUNCH_END:
            return day, _MORNING_LEN
        return day, _MORNING_LEN + t - _LUNCH_END

    @staticmethod
    def _moment(day, done, *, after_break=False):
        """The aware datetime ``done`` working seconds into ``day``. Exactly at the lunch break it is the
        morning's closing (or the afternoon's opening when ``after_break``)."""
        if done < _MORNING_LEN or (done == _MORNING_LEN and not after_break):
            clock = _OPEN + done
        else:
            clock = _LUNCH_END + done - _MORNING_LEN
        midnight = datetime.datetime.combine(day, datetime.time(0), tzinfo=TZ)
        return midnight + datetime.timedelta(seconds=float(clock))

    def add(self, start, *, days=0, hours=0):
        """The deadline ``days`` working days and ``hours`` working hours after the aware ``start``.

        Rules:
        - computed in Asia/Ho_Chi_Minh; the result is an aware datetime in that zone;
        - a start outside office hours (before opening, at lunch, after closing, on a day off) counts from the
          next opening;
        - a working day is the office hours of one day (7.5 h), so whole days land at the same clock time N
          working days later, and a fractional day (0.5 = half a day) is that share of 7.5 h (3 h 45 min);
        - a deadline falling exactly on a boundary is given as the earlier closing: start 17:00 (or any time
          after it) + 1 day = 17:00 of the next working day, not 07:30 of the one after; start 07:30 + 1 day =
          17:00 the same day; a deadline exactly at the lunch break is 11:30;
        - ``days=0, hours=0`` gives the start itself, moved to the next opening when outside office hours.
        ``days``/``hours`` may be int, Decimal or float, never negative.
        """
        amount = Decimal(str(days)) * DAY_SECONDS + Decimal(str(hours)) * HOUR_SECONDS
        if amount < 0:
            raise ValueError("a time limit cannot be negative")
        day, done = self._position(start)
        if amount == 0:
            return self._moment(day, done, after_break=True)
        done += amount
        while done > DAY_SECONDS:
            done -= DAY_SECONDS
            day = self.next_working_day(day)
        return self._moment(day, done)

    def working_days_between(self, start, end):
        """Working time from ``start`` to ``end`` in working days, to 2 decimals (negative when ``end`` is
        earlier): what a file took, against its stated time."""
        if end < start:
            return -self.working_days_between(end, start)
        (day1, done1), (day2, done2) = self._position(start), self._position(end)
        whole = 0
        day = day1
        while day < day2:
            day = self.next_working_day(day)
            whole += 1
        seconds = Decimal(whole * DAY_SECONDS + done2 - done1)
        return (seconds / DAY_SECONDS).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    # ---- the calendar page -------------------------------------------------------------------------------
    def holidays_of(self, year):
        """[(date, English name)] of the year's public holidays and the government's make-up Saturdays."""
        datetime.date(year, 1, 1) in self._holidays  # the package adds a year's holidays when first asked
        days = [(d, name) for d, name in self._holidays.items() if d.year == year]
        days += [(d, "Make-up working day") for d in self._holidays.weekend_workdays if d.year == year]
        return sorted(days)


# The package's English names → Vietnamese (source text); the English catalog gives back the English name.
HOLIDAY_NAMES = {
    "New Year's Day": gettext_noop("Tết Dương lịch"),
    "29 of Lunar New Year": gettext_noop("Tết Nguyên đán (29 tháng Chạp)"),
    "Lunar New Year's Eve": gettext_noop("Tết Nguyên đán (30 tháng Chạp)"),
    "Lunar New Year": gettext_noop("Tết Nguyên đán (mùng 1)"),
    "Second Day of Lunar New Year": gettext_noop("Tết Nguyên đán (mùng 2)"),
    "Third Day of Lunar New Year": gettext_noop("Tết Nguyên đán (mùng 3)"),
    "Fourth Day of Lunar New Year": gettext_noop("Tết Nguyên đán (mùng 4)"),
    "Fifth Day of Lunar New Year": gettext_noop("Tết Nguyên đán (mùng 5)"),
    "Hung Kings' Commemoration Day": gettext_noop("Giỗ Tổ Hùng Vương"),
    "Liberation Day/Reunification Day": gettext_noop("Ngày Giải phóng miền Nam"),
    "International Labor Day": gettext_noop("Quốc tế Lao động"),
    "National Day": gettext_noop("Quốc khánh"),
    "Vietnam Cultural Day": gettext_noop("Ngày Văn hóa Việt Nam"),
    "Make-up working day": gettext_noop("Ngày làm bù (Chính phủ quy định)"),
}
_OBSERVED = re.compile(r"^(?P<name>.+) \(observed\)$")
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (?P<m>\d\d)/(?P<d>\d\d)/(?P<y>\d{4})\)$")


def holiday_name(english):
    """A holiday's name in the active language (unknown names are shown as the package gives them)."""
    observed = _OBSERVED.match(english)
    if observed:
        return _("%(name)s (nghỉ bù)") % {"name": holiday_name(observed["name"])}
    substituted = _SUBSTITUTED.match(english)
    if substituted:
        return _("Ngày nghỉ hoán đổi (làm bù ngày %(date)s)") % {
            "date": f"{substituted['d']}/{substituted['m']}/{substituted['y']}"}
    source = HOLIDAY_NAMES.get(english)
    return _(source) if source else english


# ---- the step table's time texts ----------------------------------------------------------------------------
_DURATION = re.compile(
    r"^(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>ngày|ngay|giờ|gio|h)(?:\s+(?:làm\s+việc|lam\s+viec))?\.?$")


def parse_duration(text):
    """``(days, hours)`` as Decimals from a step table's time text, or None for an empty or unreadable text.

    "0,5 ngày" → (0.5, 0); "1 ngày" / "2 ngày làm việc" / "2 ngay" → (1 or 2, 0); "4 giờ" / "8 giờ làm việc" /
    "4 gio" / "4h" → (0, 4 or 8); "" / "theo quy định" / "-1 ngày" → None. Comma or point as decimal mark;
    case, accents' composition (NFC) and surrounding spaces do not matter.
    """
    import unicodedata

    if not text:
        return None
    cleaned = " ".join(unicodedata.normalize("NFC", str(text)).lower().split())
    match = _DURATION.match(cleaned)
    if not match:
        return None
    try:
        number = Decimal(match["n"].replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    if match["unit"] in ("ngày", "ngay"):
        return number, Decimal(0)
    return Decimal(0), number


# ---- entering and removing changes --------------------------------------------------------------------------
def add_change(*, agency, day, kind, reason, by):
    """Enter a day that differs from the usual calendar. ``agency`` None: province-wide. Raises ValidationError
    (with a message for the form) for an empty reason, an unknown kind, or a date that already has a change."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Hãy ghi lý do (văn bản quyết định ngày nghỉ, ngày làm bù).")
    if kind not in CalendarChange.Kind.values:
        errors["kind"] = _("Loại thay đổi không hợp lệ.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            change = CalendarChange(agency=agency, date=day, kind=kind, reason=reason, created_by=by)
            change._change_reason = reason
            change.save()
    except IntegrityError:
        raise ValidationError({"date": _("Ngày %(date)s đã có trong lịch; hãy xóa thay đổi cũ trước.")
                               % {"date": day.strftime("%d/%m/%Y")}}) from None
    return change


def remove_change(*, change, reason, by):
    """Remove a change of a future date (a past day's calendar decided past deadlines and stays)."""
    reason = nfc(reason).strip()  # NUL bytes dropped: PostgreSQL refuses them in the history's reason
    if not reason:
        raise ValidationError(_("Hãy ghi lý do xóa."))
    if change.date <= timezone.localdate():
        raise ValidationError(_("Chỉ xóa được thay đổi của những ngày sau hôm nay: lịch của ngày đã qua đã dùng "
                                "để tính hạn."))
    with transaction.atomic():
        locked = CalendarChange.objects.select_for_update().filter(pk=change.pk).first()
        if locked is None:
            return
        locked._change_reason = reason
        locked._history_user = by
        locked.delete()
