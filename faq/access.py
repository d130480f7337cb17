"""Who may see internal content (operator-only entries and internal notes).

Every public view asks these functions, so the rule lives in one place.
"""

from .vocabulary import Visibility

INTERNAL_CONTENT_PERMISSION = "faq.view_internal_content"


def can_see_internal(user):
    return bool(user and user.is_active and user.has_perm(INTERNAL_CONTENT_PERMISSION))


def visible_entries(queryset, user):
    """Restrict an FaqPage queryset to what ``user`` may read on the website."""
    queryset = queryset.live()
    if not can_see_internal(user):
        queryset = queryset.filter(visibility=Visibility.PUBLIC)
    return queryset
