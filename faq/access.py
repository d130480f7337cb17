"""Who may see internal content (operator-only entries and internal notes).

Every public view asks these functions, so the rule lives in one place.
"""

from contextlib import suppress
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone

from kb import generations

from .vocabulary import VerificationStatus, Visibility

INTERNAL_CONTENT_PERMISSION = "faq.view_internal_content"
# Every operator search asks; the answer is kept in the shared cache under a generation that any
# change of users, groups or permissions replaces (faq.signal_handlers), so a revoked right ends
# with the next request. The timeout only bounds what a bulk update without signals could miss.
PERMISSIONS_GENERATION_KEY = "kb:permissions:generation"
ANSWER_SECONDS = 300


def can_see_internal(user):
    if not (user and user.is_active):
        return False
    if user.is_superuser or user.pk is None:
        return user.has_perm(INTERNAL_CONTENT_PERMISSION)
    key = f"kb:internal:{generations.current(PERMISSIONS_GENERATION_KEY)}:{user.pk}"
    try:
        answer = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache out of reach: ask the database
        return user.has_perm(INTERNAL_CONTENT_PERMISSION)
    if answer is None:
        answer = user.has_perm(INTERNAL_CONTENT_PERMISSION)
        with suppress(Exception):  # answered all the same; the next request asks again
            cache.set(key, answer, ANSWER_SECONDS)
    return answer


def forget_permission_answers(*args, **kwargs):
    """Signal receiver and plain function: who may see internal content may just have changed."""
    generations.renew_now_and_on_commit(PERMISSIONS_GENERATION_KEY, "cached permission answers")


def visible_entries(queryset, user):
    """Restrict an FaqPage queryset to what ``user`` may read on the website."""
    queryset = queryset.live()
    if not can_see_internal(user):
        queryset = queryset.filter(visibility=Visibility.PUBLIC)
        cutoff = public_review_cutoff()
        if cutoff is not None:
            queryset = queryset.filter(not_long_overdue(cutoff))
    return queryset


def public_review_cutoff(today=None):
    """With ``KB_PUBLIC_HIDE_OVERDUE_AFTER_DAYS`` set, entries due before this date are hidden
    from public listings and search; ``None`` (the default) hides nothing."""
    days = settings.KB_PUBLIC_HIDE_OVERDUE_AFTER_DAYS
    if days is None:
        return None
    return (today or timezone.localdate()) - timedelta(days=days)


def not_long_overdue(cutoff):
    """Unsourced entries have no review date and stay; a never-verified source counts as overdue."""
    return Q(verification_status=VerificationStatus.UNSOURCED) | Q(review_due__gte=cutoff)
