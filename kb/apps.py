from django.apps import AppConfig


class KbConfig(AppConfig):
    name = "kb"
    verbose_name = "Knowledge base project"

    def ready(self):
        from kb import languages  # noqa: F401 - its system check registers itself
