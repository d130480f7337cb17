"""Verification records (DESIGN.md section 4) kept outside page revisions.

Who verified which source and when is a fact about the world, not about a draft: storing it in
revisions would let publishing an older draft undo a verification, and wagtail-localize would copy
the source language's dates onto its translations when syncing. These tables belong to one page
(one language), so each translation carries its own verification dates.
"""

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..vocabulary import LinkOutcome, SourceOutcome
from .pages import FaqPage
from .taxonomy import Category, Country


class SourceVerification(models.Model):
    """The last verification of one source (by address) of one entry in one language."""

    page = models.ForeignKey(FaqPage, on_delete=models.CASCADE, related_name="source_verifications")
    url = models.URLField(_("address"), max_length=500)
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    verified_by = models.CharField(_("verified by"), max_length=150, blank=True)
    verifier = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verifier"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=SourceOutcome.choices, blank=True)

    class Meta:
        verbose_name = _("source verification")
        constraints = [models.UniqueConstraint(fields=["page", "url"], name="faq_source_verification_unique")]


class EntryReview(models.Model):
    """Per entry and language: the last verification and whether the translation lags its source."""

    page = models.OneToOneField(FaqPage, on_delete=models.CASCADE, primary_key=True, related_name="review")
    last_verified_at = models.DateTimeField(_("last verified at"), null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    translation_outdated_since = models.DateTimeField(_("translation outdated since"), null=True, blank=True)
    substantive_revision_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("entry review")


class SourceLink(models.Model):
    """The last link check of one address, shared by every entry and fact sheet that cites it."""

    url = models.URLField(_("address"), max_length=500, unique=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=LinkOutcome.choices)
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    redirect_to = models.URLField(_("moved to"), max_length=500, blank=True)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("source link check")

    def __str__(self):
        return self.url

    @property
    def is_problem(self):
        return self.outcome != LinkOutcome.OK


class LawChange(models.Model):
    """A change in law or practice for a country and category: every matching entry is at risk
    until it is verified again after ``recorded_at``."""

    country = models.ForeignKey(Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    changed_on = models.DateField(_("date of the change"))
    description = models.TextField(_("what changed"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("law change")
        verbose_name_plural = _("law changes")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.country} · {self.category} · {date_format(self.changed_on, 'SHORT_DATE_FORMAT')}"


class DigestLog(models.Model):
    """One row per owner and day: the daily digest is sent at most once however often it runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    entries = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="faq_digest_once_a_day")]
