"""Readers' "Was this helpful?" answers (issue 7 point 2), kept as daily counts.

One row per entry, day, answer and reason, never one per visitor: the table cannot tell who
voted, when within the day, or which votes came from the same person. The rate limit that keeps
one reader from voting twice lives in the cache (faq/feedback.py), never here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..vocabulary import FeedbackReason
from .pages import FaqPage


class EntryFeedback(models.Model):
    """How many readers of one entry (in one language) answered yes, or no for one reason, on one day."""

    page = models.ForeignKey(FaqPage, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"), db_index=True)
    helpful = models.BooleanField(_("helpful"))
    # Empty for "yes"; one of the reasons for "no".
    reason = models.CharField(_("reason"), max_length=32, choices=FeedbackReason.choices, blank=True, default="")
    count = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        verbose_name = _("entry feedback")
        verbose_name_plural = _("entry feedback")
        constraints = [
            models.UniqueConstraint(fields=["page", "day", "helpful", "reason"], name="faq_entry_feedback_unique"),
        ]

    def __str__(self):
        return f"{self.page_id} {self.day} {'yes' if self.helpful else 'no'} {self.reason} ×{self.count}"
