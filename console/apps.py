from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    """Operators' search, answer view, anonymous call log and "report this answer" flags."""

    name = "console"
    verbose_name = _("Operator console")
    default_auto_field = "django.db.models.BigAutoField"
