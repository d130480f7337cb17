"""Admin forms of the FAQ page types."""

from django.conf import settings
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm


class FaqPageForm(WagtailAdminPageForm):
    """The entry form: "substantive change" starts unticked unless a pending draft ticked it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("substantive_change")
        if field is None:
            return
        pending = self.instance.pk and type(self.instance).objects.filter(pk=self.instance.pk, has_unpublished_changes=True).exists()
        if not pending:
            self.initial["substantive_change"] = False
        if self.instance.locale_id and self.instance.locale.language_code != settings.LANGUAGE_CODE:
            field.disabled = True
            field.help_text = gettext_lazy("Only a change to the source language (Romanian) marks translations outdated.")
