"""What the console stores: call outcomes and reported answers, never anything about the caller.

Callers are anonymous (DESIGN.md section 1). Both models therefore hold only codes chosen from
fixed lists and links to our own content; neither has a free-text field an operator could type a
name, phone number or case story into. Adding one is a privacy decision, not a code change
(tests/test_console_backend.py pins the field lists).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallOutcome(models.TextChoices):
    ANSWERED = "answered", _("Answered with this entry")
    REFERRED = "referred", _("Referred to an organisation")
    NO_ANSWER = "no_answer", _("No answer found")


class ReportReason(models.TextChoices):
    FEE_CHANGED = "fee_changed", _("Fee or amount changed")
    PROCEDURE_CHANGED = "procedure_changed", _("Deadline or procedure changed")
    BROKEN_LINK = "broken_link", _("Broken link")
    CONTRADICTS_SOURCE = "contradicts_source", _("Contradicts the official source")
    OTHER_ERROR = "other_error", _("Other error")


REPORT_REASONS = ReportReason.choices


class CallRecord(models.Model):
    """The outcome of one call: its topic and result, for statistics and the operator's shift.

    ``operator`` is the staff member who took the call, kept so each operator sees their own
    shift counts; the admin report only ever shows totals. There is no field for the caller.
    """

    outcome = models.CharField(_("outcome"), max_length=12, choices=CallOutcome.choices)
    entry = models.ForeignKey(
        "faq.FaqPage", verbose_name=_("entry"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    organisation = models.ForeignKey(
        "faq.Organisation", verbose_name=_("organisation referred to"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    category = models.SlugField(_("top-level category"), max_length=80, blank=True)
    country = models.CharField(_("country (ISO code)"), max_length=2, blank=True)
    language = models.CharField(_("content language"), max_length=8, blank=True)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("operator"), null=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("logged at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("call record")
        verbose_name_plural = _("call records")
        permissions = [("view_call_reports", _("Can see the call log report"))]
        indexes = [models.Index(fields=["operator", "created_at"], name="console_call_operator_time")]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.outcome}"


class EntryReport(models.Model):
    """An operator's flag that an answer looks outdated or wrong: a review request for editors.

    The reason is a code from a short list on purpose: a comment box would invite details of the
    caller's case. Editors check the entry against its sources and resolve the report.
    """

    entry = models.ForeignKey("faq.FaqPage", verbose_name=_("entry"), on_delete=models.CASCADE, related_name="+")
    locale = models.CharField(_("language"), max_length=8)
    reason = models.CharField(_("reason"), max_length=24, choices=ReportReason.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reported answer")
        verbose_name_plural = _("reported answers")
        permissions = [("resolve_entry_reports", _("Can see and resolve reported answers"))]

    def __str__(self):
        return f"{self.entry_id} {self.reason}"

    @property
    def is_open(self):
        return self.resolved_at is None
