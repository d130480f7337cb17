"""The "source verification" task of Wagtail's workflow (DESIGN.md section 4, issue 5 point 2).

A reviewer in one of the task's groups confirms each source of the entry (checked, changed,
broken), writes a note and approves or sends the entry back. Nobody approves their own
submission, superusers included: a second pair of eyes is the point of the step.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

from ..vocabulary import SourceOutcome

OUTCOME_FIELD_PREFIX = "outcome-"


class SourceVerificationTaskState(TaskState):
    outcomes = models.JSONField(_("source outcomes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("source verification task state")

    def entry_under_review(self):
        """The entry as it will be published: the latest revision, which reviewers may edit."""
        return self.workflow_state.content_object.get_latest_revision_as_object()

    def sources_under_review(self):
        entry = self.entry_under_review()
        return list(entry.sources.all()) if hasattr(entry, "sources") else []

    @property
    def outcome_choices(self):
        return SourceOutcome.choices


class SourceVerificationForm(forms.Form):
    """Collects one outcome per source (``outcome-<n>`` fields the modal renders) and a note."""

    # Named so they cannot clash with Task.on_action's own arguments (the cleaned data is passed on).
    review_state = forms.IntegerField(widget=forms.HiddenInput)
    review_action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("What you checked; required when sending the entry back."),
    )

    def clean(self):
        cleaned = super().clean()
        state = SourceVerificationTaskState.objects.filter(pk=cleaned.get("review_state")).first()
        if state is None:
            raise forms.ValidationError(_("This review is no longer open."))
        outcomes, missing = {}, []
        for index, source in enumerate(state.sources_under_review()):
            value = self.data.get(f"{OUTCOME_FIELD_PREFIX}{index}", "")
            if value not in SourceOutcome.values:
                missing.append(source.title or source.url)
                continue
            outcomes[source.url] = value
        if missing:
            raise forms.ValidationError(
                _("Record what you found for every source: %(sources)s"), params={"sources": "; ".join(missing)},
            )
        if cleaned.get("review_action") == "reject" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", _("Say what must change before the entry can be approved."))
        cleaned["outcomes"] = outcomes
        return cleaned


class SourceVerificationTask(AbstractGroupApprovalTask):
    task_state_class = SourceVerificationTaskState

    class Meta:
        verbose_name = _("Source verification")
        verbose_name_plural = _("Source verification tasks")

    @classmethod
    def get_description(cls):
        return _("Reviewers confirm every source of the entry and approve it or send it back")

    def get_actions(self, obj, user):
        from ..reviews import is_own_submission

        if not (user.is_superuser or self._user_in_groups(user)):
            return []
        actions = [("reject", _("Send back"), True)]
        if not is_own_submission(obj, user):
            actions.append(("approve", _("Verify sources and approve"), True))
        return actions

    def get_form_for_action(self, action):
        return SourceVerificationForm

    def get_template_for_action(self, action):
        return "faq/workflow/verify_sources_modal.html"

    def on_action(self, task_state, user, action_name, **kwargs):
        from ..reviews import approve_verification, send_back

        outcomes, comment = kwargs.get("outcomes", {}), kwargs.get("comment", "")
        if action_name == "approve":
            return approve_verification(task_state, user, outcomes, comment)
        if action_name == "reject":
            return send_back(task_state, user, outcomes, comment)
        return None
