"""Signed-in test clients."""

from django.test import Client
from wagtail.users.models import UserProfile


def signed_in(user, language="en"):
    """A client signed in as ``user``, whose admin speaks ``language``.

    Tests that read admin messages or report headings say which language they expect; the site
    default (Romanian) is fully translated.
    """
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client
