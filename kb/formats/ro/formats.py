"""Romanian writes month names in lower case ("1 octombrie 2026").

Django's Romanian formats use ``F``, whose names its catalogue capitalises. ``E`` reads the
"alt. month" names instead, which our catalogue (``kb/formats/month_names.py``) gives in lower
case. Every other format is Django's.
"""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
YEAR_MONTH_FORMAT = "E Y"
MONTH_DAY_FORMAT = "j E"
