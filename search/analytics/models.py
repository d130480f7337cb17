"""One row per search: what was asked, how it went, and which answer was opened.

There is deliberately no user, session, IP address or user agent here (hotline anonymity);
``query`` is stored only after masking (see masking.py).
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    PUBLIC = "public", _("Public")
    OPERATOR = "operator", _("Operator")


class Backend(models.TextChoices):
    DATABASE = "database", _("Database")
    ELASTICSEARCH = "elasticsearch", _("Elasticsearch")
    DATABASE_FALLBACK = "database-fallback", _("Database (Elasticsearch unavailable)")


class SearchQueryLog(models.Model):
    created_at = models.DateTimeField(_("searched at"), default=timezone.now, db_index=True)
    locale = models.CharField(_("locale"), max_length=8)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    query = models.CharField(_("query (masked)"), max_length=200)
    normalised_query = models.CharField(_("normalised query"), max_length=200, db_index=True)
    category = models.CharField(_("category filter"), max_length=170, blank=True)
    country = models.CharField(_("country filter"), max_length=2, blank=True)
    audience = models.CharField(_("audience filter"), max_length=64, blank=True)
    result_count = models.PositiveIntegerField(_("results"))
    latency_ms = models.FloatField(_("latency (ms)"))
    backend = models.CharField(_("backend"), max_length=32, choices=Backend.choices)
    opened_answer_number = models.CharField(_("opened answer"), max_length=12, blank=True)
    opened_rank = models.PositiveSmallIntegerField(_("rank of the opened answer"), null=True, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("search query log entry")
        verbose_name_plural = _("search query log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} [{self.locale}] {self.query}"


class EntryViewDay(models.Model):
    """How often the public opened one language version of an entry on one day.

    A counter per page and day, never a row per visit: nothing here can tell readers apart.
    The home page's "most viewed questions" ranks entries by it.
    """

    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("entry"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"), db_index=True)
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("entry views on a day")
        verbose_name_plural = _("entry views per day")
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="analytics_one_view_counter_per_page_day")]

    def __str__(self):
        return f"{self.day} page {self.page_id}: {self.views}"
