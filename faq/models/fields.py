"""Model fields the stock set lacks."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChoiceListField(models.JSONField):
    """A list of codes from a fixed vocabulary, stored as JSON.

    JSON rather than a join table keeps audiences and phases portable between SQLite and
    PostgreSQL and copies cleanly into revisions and translations.
    """

    def __init__(self, *args, vocabulary=(), **kwargs):
        self.vocabulary = list(vocabulary)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["vocabulary"] = self.vocabulary
        return name, path, args, kwargs

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        known = {code for code, _label in self.vocabulary}
        unknown = [code for code in value or [] if code not in known]
        if unknown:
            raise ValidationError(_("Unknown values: %(codes)s"), params={"codes": ", ".join(unknown)})

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.vocabulary,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
            **{k: v for k, v in kwargs.items() if k in {"label", "help_text", "required"}},
        )
