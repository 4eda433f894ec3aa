"""Periods of local dates as datetime ranges: every figure over a period counts the same instants."""

import datetime

from django.utils import timezone


def local_bounds(start, end):
    """[local midnight of ``start``, local midnight of the day after ``end``) as aware datetimes, in the site's
    time zone (Asia/Ho_Chi_Minh): both days included, 23:59 on ``end`` in, 00:00 the next day out."""
    tz = timezone.get_default_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return begin, after
