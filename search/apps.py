from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Search of the knowledge base (Elasticsearch and database stores); built in a later issue."""

    name = "search"
    default_auto_field = "django.db.models.BigAutoField"
