"""Daily counters kept as one row per key (feedback votes, entry views): never a row per event.

Concurrent workers must add up, not overwrite each other: an UPDATE with F() adds to the row;
the first count of a key creates it, and a worker that loses that race adds to the winner's row.
"""

from django.db import IntegrityError, transaction
from django.db.models import F


def add_to_counter(model, field, amount, **key):
    rows = model.objects.filter(**key)
    if rows.update(**{field: F(field) + amount}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **{field: amount})
    except IntegrityError:
        rows.update(**{field: F(field) + amount})
