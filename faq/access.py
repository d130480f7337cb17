"""Who may see internal content (operator-only entries and internal notes).

Every public view asks these functions, so the rule lives in one place.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .vocabulary import VerificationStatus, Visibility

INTERNAL_CONTENT_PERMISSION = "faq.view_internal_content"


def can_see_internal(user):
    return bool(user and user.is_active and user.has_perm(INTERNAL_CONTENT_PERMISSION))


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
