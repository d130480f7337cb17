"""The interface language a staff member chose, shared by the console and the admin e-mails."""

from django.conf import settings
from wagtail.users.models import UserProfile


def saved_language(user):
    """The user's saved admin language when it is one of ours, else the site default."""
    preferred = UserProfile.get_for_user(user).preferred_language if user.is_authenticated else ""
    return preferred if preferred in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
