"""JSON serialisation that keeps datetimes and times to the microsecond.

Django's JSON serializer (DjangoJSONEncoder) cuts microseconds to milliseconds, so a
dumpdata/loaddata round trip changes every timestamp. Used by ``manage.py backup --method json``
as format "qmsjson" (files ``*.qmsjson``).
"""

import datetime

from django.core.serializers.json import Deserializer  # noqa: F401 - the format's reader
from django.core.serializers.json import Serializer as JSONSerializer


class Serializer(JSONSerializer):
    def _value_from_field(self, obj, field):
        value = field.value_from_object(obj)
        if isinstance(value, (datetime.datetime, datetime.time)):
            return value.isoformat()
        return super()._value_from_field(obj, field)
