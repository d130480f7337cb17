from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search of the knowledge base: Elasticsearch and database stores behind one interface."""

    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from search import checks, signal_handlers  # noqa: F401 - checks register themselves

        signal_handlers.connect()
