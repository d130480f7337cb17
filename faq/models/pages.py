"""Page types: the site home, the FAQ and its entries, and the country fact sheets."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..blocks import AnswerBlock, FactSheetBlock
from ..forms import FaqPageForm
from ..text import split_keywords, split_lines
from ..vocabulary import (
    Audience,
    MigrationPhase,
    RiskReason,
    Sensitivity,
    SourceType,
    VerificationStatus,
    Visibility,
)
from .fields import ChoiceListField
from .taxonomy import Category, Country, Organisation


def default_locale_only():
    """Entries point at the default-language rows of countries and organisations.

    Templates show them through ``.localized``; one set of rows keeps filters and imports simple.
    """
    return Q(locale__language_code=settings.LANGUAGE_CODE)


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["faq.FaqIndexPage", "faq.CountryIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from ..listings import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self, request))
        return context


class SectionIndexPage(Page):
    """A section directly under a language's home page, at most one of each kind."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["faq.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class FaqIndexPage(RoutablePageMixin, SectionIndexPage):
    """The FAQ section of one language; lists categories and serves category listings."""

    subpage_types = ["faq.FaqPage"]

    class Meta:
        verbose_name = _("FAQ index")

    @path("")
    def index(self, request):
        from ..listings import category_overview

        return self.render(request, context_overrides={"categories": category_overview(self, request)})

    @path("category/<slug:top>/", name="category")
    @path("category/<slug:top>/<slug:sub>/", name="subcategory")
    def category(self, request, top, sub=None):
        from ..listings import category_listing

        category_path = f"{top}/{sub}" if sub else top
        category = get_object_or_404(Category, locale=self.locale, path=category_path)
        return self.render(
            request,
            template="faq/category_page.html",
            context_overrides=category_listing(self, request, category),
        )


class FaqPage(Page):
    """One question and its answer, in one language."""

    alternative_phrasings = models.TextField(
        _("alternative phrasings"), blank=True,
        help_text=_("Other ways callers ask this question, one per line."),
    )
    keywords = models.CharField(_("keywords"), max_length=500, blank=True, help_text=_("Comma-separated."))
    short_answer = models.TextField(_("short answer"), help_text=_("One to three sentences an operator can read aloud."))
    answer = StreamField(AnswerBlock(), verbose_name=_("full answer"))
    sms_text = models.CharField(_("SMS text"), max_length=160, blank=True, help_text=_("At most 160 characters."))
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    countries = ParentalManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="+", limit_choices_to=default_locale_only,
        help_text=_("Leave empty when the answer applies to all countries."),
    )
    audiences = ChoiceListField(_("audiences"), vocabulary=Audience.choices)
    migration_phases = ChoiceListField(_("migration phases"), vocabulary=MigrationPhase.choices)
    visibility = models.CharField(_("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC)
    sensitivity = models.CharField(_("sensitivity"), max_length=20, choices=Sensitivity.choices, default=Sensitivity.NONE)
    internal_notes = models.TextField(
        _("internal notes for operators"), blank=True,
        help_text=_("Never shown to the public and never indexed for public search."),
    )
    organisations = ParentalManyToManyField(
        Organisation, verbose_name=_("referral organisations"), blank=True, related_name="+",
        limit_choices_to=default_locale_only,
    )
    answer_number = models.CharField(_("answer number"), max_length=12, editable=False, db_index=True, blank=True)
    review_interval_days = models.PositiveIntegerField(
        _("review interval (days)"), null=True, blank=True,
        help_text=_("Leave empty to use the category's default. A source's own interval overrides both."),
    )
    review_due = models.DateField(_("source review due"), null=True, blank=True, editable=False)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True, editable=False)
    verification_status = models.CharField(
        _("verification status"), max_length=12, choices=VerificationStatus.choices,
        default=VerificationStatus.UNSOURCED, editable=False, db_index=True,
    )
    risk_reasons = ChoiceListField(_("risk reasons"), vocabulary=RiskReason.choices, editable=False)
    # Ticked on the edit form of a source-language entry; read when the revision is published.
    substantive_change = models.BooleanField(
        _("substantive change"), default=False,
        help_text=_(
            "Tick when this edit changes what the answer says (a fee, a deadline, a step). When it is published,"
            " the translations are marked outdated until they are updated and verified. Leave it for typo fixes."
        ),
    )

    content_panels = [
        FieldPanel("title", heading=_("Question")),
        FieldPanel("short_answer"),
        FieldPanel("answer"),
        FieldPanel("sms_text"),
        MultiFieldPanel([FieldPanel("alternative_phrasings"), FieldPanel("keywords")], heading=_("Finding this entry")),
        FieldPanel("substantive_change"),
    ]
    taxonomy_panels = [
        FieldPanel("category"),
        FieldPanel("countries"),
        FieldPanel("audiences"),
        FieldPanel("migration_phases"),
    ]
    verification_panels = [
        FieldPanel("review_interval_days"),
        InlinePanel("sources", heading=_("Sources"), label=_("Source"), min_num=0),
    ]
    operator_panels = [
        FieldPanel("visibility"),
        FieldPanel("sensitivity"),
        FieldPanel("internal_notes"),
        FieldPanel("organisations"),
        InlinePanel("related_entries", heading=_("Related entries"), label=_("Related entry")),
        FieldPanel("owner"),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Question and answer")),
        ObjectList(taxonomy_panels, heading=_("Taxonomy")),
        ObjectList(verification_panels, heading=_("Sources and verification")),
        ObjectList(operator_panels, heading=_("Operators")),
        ObjectList(Page.promote_panels, heading=_("Promote")),
        ObjectList(Page.settings_panels, heading=_("Settings")),
    ], base_form_class=FaqPageForm)

    # Internal notes are deliberately absent: the stock search index serves the public too.
    search_fields = Page.search_fields + [
        index.SearchField("alternative_phrasings", boost=2),
        index.SearchField("keywords", boost=1.5),
        index.SearchField("short_answer"),
        index.SearchField("answer"),
        index.FilterField("visibility"),
        index.FilterField("answer_number"),
    ]
    override_translatable_fields = [
        SynchronizedField("countries"),
        SynchronizedField("organisations"),
        SynchronizedField("audiences"),
        SynchronizedField("migration_phases"),
    ]
    parent_page_types = ["faq.FaqIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ entries")
        permissions = [
            ("view_internal_content", _("Can see operator-only entries and internal notes")),
            ("verify_sources", _("Can verify the sources of entries")),
        ]

    def __str__(self):
        return f"{self.answer_number} {self.title}".strip()

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    def phrasing_list(self):
        return split_lines(self.alternative_phrasings)

    def keyword_list(self):
        return split_keywords(self.keywords)

    def clean(self):
        super().clean()
        from ..numbering import check_answer_number_free

        check_answer_number_free(self)

    def save(self, *args, **kwargs):
        from ..numbering import assign_answer_number
        from ..verification import refresh_entry

        assign_answer_number(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "verification_status" not in update_fields:
            return super().save(*args, **kwargs)
        seeded = refresh_entry(self)
        result = super().save(*args, **kwargs)
        if seeded:
            from ..verification import store_seeded_verifications

            store_seeded_verifications(self, seeded)
        return result

    def serve(self, request, *args, **kwargs):
        from ..access import can_see_internal

        if not self.is_public and not can_see_internal(request.user):
            raise Http404
        if self.is_public and not request.user.is_authenticated:
            # Counted by kb.page_cache as a public view, on cache hits too.
            request.kb_entry_id = self.pk
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..listings import entry_context

        context = super().get_context(request, *args, **kwargs)
        context.update(entry_context(self, request))
        return context

    def get_sitemap_urls(self, request=None):
        return super().get_sitemap_urls(request) if self.is_public else []


class FaqSource(Orderable):
    """A cited source of an entry; its verification date drives the entry's review date."""

    page = ParentalKey(FaqPage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(_("title"), max_length=255)
    url = models.URLField(_("address"), max_length=500)
    authority = models.CharField(_("issuing authority"), max_length=255)
    source_type = models.CharField(_("type"), max_length=12, choices=SourceType.choices, default=SourceType.OFFICIAL)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    verified_by = models.CharField(_("verified by"), max_length=150, blank=True)
    review_interval_days = models.PositiveIntegerField(
        _("review interval (days)"), null=True, blank=True,
        help_text=_("Leave empty to use the category's default interval."),
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("authority"),
        FieldPanel("source_type"),
        FieldPanel("review_interval_days"),
        # Only a verification moves these (faq.reviews); editors see them, never type them.
        FieldPanel("last_verified_on", read_only=True),
        FieldPanel("verified_by", read_only=True),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self):
        return self.title


class FaqRelatedEntry(Orderable):
    page = ParentalKey(FaqPage, on_delete=models.CASCADE, related_name="related_entries")
    entry = models.ForeignKey(FaqPage, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("entry")]

    class Meta(Orderable.Meta):
        verbose_name = _("related entry")


class CountryIndexPage(SectionIndexPage):
    """The country fact sheets of one language."""

    subpage_types = ["faq.CountryFactSheetPage"]

    class Meta:
        verbose_name = _("country index")

    def get_context(self, request, *args, **kwargs):
        from ..language_versions import reader_language
        from ..listings import fact_sheets_with_fallbacks

        context = super().get_context(request, *args, **kwargs)
        context["fact_sheets"] = fact_sheets_with_fallbacks(reader_language(self))
        return context


class CountryFactSheetPage(Page):
    """What a migrant needs to know about one country, in one language, section by section."""

    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("summary"))
    sections = StreamField(FactSheetBlock(), verbose_name=_("sections"))
    review_due = models.DateField(_("source review due"), null=True, blank=True, editable=False)
    verification_status = models.CharField(
        _("verification status"), max_length=12, choices=VerificationStatus.choices,
        default=VerificationStatus.UNSOURCED, editable=False, db_index=True,
    )

    content_panels = Page.content_panels + [FieldPanel("country"), FieldPanel("summary"), FieldPanel("sections")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("sections")]
    parent_page_types = ["faq.CountryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("country fact sheet")

    def clean(self):
        super().clean()
        if not self.country_id:
            return
        duplicate = (
            CountryFactSheetPage.objects.filter(locale_id=self.locale_id, country__code=self.country.code)
            .exclude(pk=self.pk)
            .exists()
        )
        if duplicate:
            raise ValidationError({"country": _("This country already has a fact sheet in this language.")})

    def save(self, *args, **kwargs):
        from ..verification import refresh_fact_sheet

        refresh_fact_sheet(self)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..listings import fact_sheet_context

        context = super().get_context(request, *args, **kwargs)
        context.update(fact_sheet_context(self, request))
        return context
