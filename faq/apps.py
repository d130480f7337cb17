from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FaqConfig(AppConfig):
    name = "faq"
    verbose_name = _("Knowledge base")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from .roles import grant_every_permission_to_administrators

        # Permissions of newly installed apps appear after migrations; keep Administrators complete.
        post_migrate.connect(grant_every_permission_to_administrators, dispatch_uid="faq-administrators")

        from . import signal_handlers

        signal_handlers.connect()
