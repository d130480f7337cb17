"""Translatable reference data: the category tree, countries and the referral directory.

Each row exists once per locale, linked by ``translation_key`` (wagtail-localize); the stable
keys (category path, ISO code, organisation slug) are synchronised across the translations.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..vocabulary import LANGUAGE_CHOICES, OrganisationType
from .fields import ChoiceListField


class Category(TranslatableMixin, index.Indexed, models.Model):
    """A topic in the two-level category tree."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent category"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
        help_text=_("Leave empty for a top-level topic. The tree has two levels."),
    )
    path = models.CharField(_("path"), max_length=170, editable=False, db_index=True)
    review_interval_days = models.PositiveIntegerField(
        _("default review interval (days)"), default=365,
        help_text=_("How often sources of entries in this category must be re-verified."),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("review_interval_days"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale_id")]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("review_interval_days"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["sort_order", "path"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "path"], name="faq_category_unique_path_per_locale"),
        ]

    def __str__(self):
        return f"{self.parent.name} › {self.name}" if self.parent_id else self.name

    @property
    def is_top_level(self):
        return self.parent_id is None

    def clean(self):
        if self.parent_id:
            if self.parent.parent_id:
                raise ValidationError({"parent": _("Categories have two levels; choose a top-level parent.")})
            if self.parent.locale_id != self.locale_id:
                raise ValidationError({"parent": _("The parent must be in the same language.")})

    def save(self, *args, **kwargs):
        self.path = f"{self.parent.slug}/{self.slug}" if self.parent_id else self.slug
        super().save(*args, **kwargs)


class Country(TranslatableMixin, index.Indexed, models.Model):
    """A country by its ISO 3166-1 alpha-2 code; Moldova is a country like any other."""

    code = models.CharField(_("ISO code"), max_length=2, db_index=True)
    name = models.CharField(_("name"), max_length=255)

    panels = [FieldPanel("code"), FieldPanel("name")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("code")]
    override_translatable_fields = [SynchronizedField("code")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "code"], name="faq_country_unique_code_per_locale"),
        ]

    def __str__(self):
        return self.name


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A referral contact operators may pass on to callers."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=80)
    organisation_type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+")
    services = models.TextField(_("services"))
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    hours = models.CharField(_("opening hours"), max_length=255, blank=True)
    languages = ChoiceListField(_("languages spoken"), vocabulary=LANGUAGE_CHOICES)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    never_give_address = models.BooleanField(
        _("never give the address to callers"), default=False,
        help_text=_("For shelters and protection services: operators refer by phone only."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("organisation_type"),
        FieldPanel("country"),
        FieldPanel("services"),
        MultiFieldPanel(
            [FieldPanel("phone"), FieldPanel("hours"), FieldPanel("languages"), FieldPanel("website"), FieldPanel("email")],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("never_give_address")], heading=_("Address")),
    ]
    search_fields = [index.SearchField("name"), index.SearchField("services"), index.AutocompleteField("name")]
    override_translatable_fields = [
        SynchronizedField("slug"),
        SynchronizedField("phone"),
        SynchronizedField("languages"),
        SynchronizedField("email"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="faq_organisation_unique_slug_per_locale"),
        ]

    def __str__(self):
        return self.name
