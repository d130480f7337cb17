from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchAnalyticsConfig(AppConfig):
    """What was searched and whether it helped, without personal data (hotline anonymity)."""

    name = "search.analytics"
    label = "search_analytics"
    verbose_name = _("Search analytics")
    default_auto_field = "django.db.models.BigAutoField"
