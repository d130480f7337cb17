"""What changes an entry's verification: reviews, quick re-verification, law changes, translations.

Each function records who did what in Wagtail's audit log under its own action type (see
:data:`LOG_ACTIONS`), then lets :func:`faq.verification.refresh_statuses` store the new status,
log the flag change and reindex the entry.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from .models import EntryReview, FaqPage, LawChange, SourceLink, SourceVerification
from .verification import FLAG_ACTION, category_covers, refresh_statuses, store_source_verification
from .vocabulary import LinkOutcome, SourceOutcome

VERIFY_PERMISSION = "faq.verify_sources"
VERIFY_ACTION = "faq.verify"
REVERIFY_ACTION = "faq.reverify"
SEND_BACK_ACTION = "faq.verification_sent_back"
LAW_CHANGE_ACTION = "faq.law_change"
LINK_ACTION = "faq.link_problem"
TRANSLATION_OUTDATED_ACTION = "faq.translation_outdated"

LOG_ACTIONS = {
    VERIFY_ACTION: gettext_lazy("Sources verified"),
    REVERIFY_ACTION: gettext_lazy("Sources re-verified without changes"),
    SEND_BACK_ACTION: gettext_lazy("Verification: sent back"),
    FLAG_ACTION: gettext_lazy("Verification status changed"),
    LAW_CHANGE_ACTION: gettext_lazy("Law change recorded"),
    LINK_ACTION: gettext_lazy("Source link problem"),
    TRANSLATION_OUTDATED_ACTION: gettext_lazy("Translation outdated"),
}


class VerificationRefused(Exception):
    """A verification that cannot go ahead; the message says why, for the reviewer."""


def verifier_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""


def is_own_submission(obj, user):
    state = getattr(obj, "current_workflow_state", None)
    return bool(state and user and state.requested_by_id == user.pk)


def _record_outcomes(page, user, outcomes, today, dates=True):
    """Store what the reviewer found; with ``dates``, confirmed sources count as verified today."""
    now = timezone.now()
    for url, outcome in outcomes.items():
        if outcome == SourceOutcome.BROKEN:
            SourceLink.objects.update_or_create(url=url, defaults={
                "outcome": LinkOutcome.BROKEN, "status_code": None, "redirect_to": "",
                "detail": _("Reported broken by a reviewer"), "checked_at": now,
            })
            SourceVerification.objects.update_or_create(page=page, url=url, defaults={"outcome": outcome})
        elif dates:
            store_source_verification(page, url, today, verifier_name(user), verifier=user, outcome=outcome)
            SourceLink.objects.filter(url=url).exclude(outcome=LinkOutcome.OK).update(
                outcome=LinkOutcome.OK, detail=_("Confirmed by a reviewer"), checked_at=now, status_code=None,
            )


def _mark_verified(page, user, *, clears_translation_since=None):
    review, _created = EntryReview.objects.get_or_create(page=page)
    review.last_verified_at = timezone.now()
    review.last_verified_by = user
    cleared = False
    if review.translation_outdated_since and clears_translation_since and clears_translation_since > review.translation_outdated_since:
        review.translation_outdated_since = None
        cleared = True
    review.save()
    return cleared


@transaction.atomic
def approve_verification(task_state, user, outcomes, comment, today=None):
    """The reviewer's approval in the workflow: record the sources, then let the workflow go on."""
    page = task_state.workflow_state.content_object.specific
    if is_own_submission(page, user):
        raise PermissionDenied(_("You cannot approve your own submission."))
    expected = {source.url for source in task_state.specific.sources_under_review()}
    if set(outcomes) != expected:
        raise PermissionDenied(_("Every source needs an outcome."))
    today = today or timezone.localdate()
    _record_outcomes(page, user, outcomes, today)
    cleared = _mark_verified(page, user, clears_translation_since=task_state.workflow_state.created_at)
    task_state.outcomes = outcomes
    task_state.save(update_fields=["outcomes"])
    log(instance=page, action=VERIFY_ACTION, user=user, data={
        "outcomes": outcomes, "note": comment, "via": "workflow", "translation_outdated_cleared": cleared,
    })
    task_state.approve(user=user, comment=comment)
    refresh_statuses([page.pk], today=today, user=user, reason=VERIFY_ACTION)


@transaction.atomic
def send_back(task_state, user, outcomes, comment):
    page = task_state.workflow_state.content_object.specific
    _record_outcomes(page, user, outcomes, None, dates=False)
    task_state.outcomes = outcomes
    task_state.save(update_fields=["outcomes"])
    log(instance=page, action=SEND_BACK_ACTION, user=user, data={"outcomes": outcomes, "note": comment})
    task_state.reject(user=user, comment=comment)
    refresh_statuses([page.pk], user=user, reason=SEND_BACK_ACTION)


@transaction.atomic
def reverify(page, user, note="", today=None):
    """Confirm that every source of ``page`` still says what the entry says, without editing it.

    The verification is stored, a revision records it (the draft stays the latest version when
    there is one, so no pending edit is lost or published) and the audit log says who and why.
    An outdated translation stays outdated: it must be updated and go through the workflow.
    """
    if not user.has_perm(VERIFY_PERMISSION):
        raise PermissionDenied
    page = FaqPage.objects.get(pk=page.pk)
    if not page.live:
        raise VerificationRefused(_("Only published entries can be re-verified."))
    if page.workflow_in_progress:
        raise VerificationRefused(_("This entry is in review: verify it with the workflow's actions."))
    sources = list(page.sources.all())
    if not sources:
        raise VerificationRefused(_("This entry cites no sources, so there is nothing to verify."))
    today = today or timezone.localdate()
    outcomes = {source.url: SourceOutcome.CHECKED.value for source in sources}
    _record_outcomes(page, user, outcomes, today)
    _mark_verified(page, user)
    had_draft = page.has_unpublished_changes
    latest = page.get_latest_revision_as_object()
    for source in latest.sources.all():
        if source.url in outcomes:
            source.last_verified_on, source.verified_by = today, verifier_name(user)
    revision = latest.save_revision(user=user, log_action=False, clean=False)
    if not had_draft:
        FaqPage.objects.filter(pk=page.pk).update(live_revision=revision, has_unpublished_changes=False)
    log(instance=page, action=REVERIFY_ACTION, user=user, revision=revision, data={
        "note": note, "sources": sorted(outcomes), "revision": revision.pk,
    })
    refresh_statuses([page.pk], today=today, user=user, reason=REVERIFY_ACTION)
    return revision


def entries_hit_by(event):
    """Every FAQ entry, in every language, filed under the event's category and tagged with its country."""
    tagged = FaqPage.objects.filter(countries__code=event.country.code).values_list("pk", "category__path")
    return sorted({pk for pk, path in tagged if category_covers(event.category.path, path or "")})


@transaction.atomic
def record_law_change(event, user):
    """Store a saved :class:`LawChange` in the audit log and put every matching entry at risk."""
    hit = entries_hit_by(event)
    log(instance=event, action=LAW_CHANGE_ACTION, user=user, data={
        "country": event.country.code, "category": event.category.path,
        "changed_on": event.changed_on.isoformat(), "description": event.description, "entries": len(hit),
    })
    return refresh_statuses(hit, user=user, reason=f"{LAW_CHANGE_ACTION}:{event.pk}")


def law_changes_for(page):
    codes = [country.code for country in page.countries.all()]
    return [
        event for event in LawChange.objects.filter(country__code__in=codes).select_related("country", "category")
        if category_covers(event.category.path, page.category.path)
    ]


@transaction.atomic
def mark_translations_outdated(page, revision, user=None):
    """After a substantive change to a source-language entry is published, its translations lag."""
    review, _created = EntryReview.objects.get_or_create(page=page)
    if review.substantive_revision_id == revision.pk:
        return []
    review.substantive_revision_id = revision.pk
    review.save(update_fields=["substantive_revision_id"])
    now = timezone.now()
    marked = []
    for translation in FaqPage.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk):
        target, _created = EntryReview.objects.get_or_create(page=translation)
        if target.translation_outdated_since is None:
            target.translation_outdated_since = now
            target.save(update_fields=["translation_outdated_since"])
        log(instance=translation, action=TRANSLATION_OUTDATED_ACTION, user=user, data={
            "source_page": page.pk, "source_revision": revision.pk,
        })
        marked.append(translation.pk)
    refresh_statuses(marked, user=user, reason=TRANSLATION_OUTDATED_ACTION)
    return marked
