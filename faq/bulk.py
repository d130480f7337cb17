"""Bulk writes: defer Wagtail's per-save index upkeep to one pass at the end.

Every page save normally updates the stock search index and the reference index, one object at
a time; for thousands of generated pages that upkeep costs more than the pages themselves.
"""

from contextlib import contextmanager

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from wagtail.signal_handlers import disable_reference_index_auto_update


@contextmanager
def deferred_index_updates(stdout=None):
    backends = {
        name: {**config, "AUTO_UPDATE": False}
        for name, config in getattr(settings, "WAGTAILSEARCH_BACKENDS", {"default": {}}).items()
    }
    from search.indexing import deferred

    # Our own search stores are rebuilt once, after the load.
    with override_settings(WAGTAILSEARCH_BACKENDS=backends), disable_reference_index_auto_update(), deferred(rebuild=True):
        yield
    # Rebuilt only after a successful load; a failed load leaves the indexes as they were.
    call_command("update_index", verbosity=0, stdout=stdout)
    call_command("rebuild_references_index", verbosity=0, stdout=stdout)
