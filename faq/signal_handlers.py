"""Signals that move verification statuses (issue 5 points 1, 5 and 7), keep translated names,
invalidate the public page cache (kb/page_cache.py) and the cached permission answers (faq/access.py)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.models import Locale, Page, Site
from wagtail.signals import (
    page_published, post_page_move, workflow_approved, workflow_cancelled, workflow_rejected, workflow_submitted,
)
from wagtail_localize.models import Translation

from kb import page_cache

from .access import forget_permission_answers
from .models import (
    Category, Country, CountryFactSheetPage, FaqPage, FaqRelatedEntry, FaqSource, Organisation, SourceVerification,
)

# What the public pages show: a save or delete of any of these invalidates the page cache.
# (Bulk updates send no signal; faq.verification invalidates after its own.)
SHOWN_TO_THE_PUBLIC = (Page, Site, Locale, FaqSource, FaqRelatedEntry, Category, Country, Organisation, SourceVerification)


def on_published(sender, instance, revision=None, user=None, **kwargs):
    from .reviews import mark_translations_outdated
    from .verification import refresh_statuses

    if isinstance(instance, FaqPage):
        if instance.substantive_change and instance.locale.language_code == settings.LANGUAGE_CODE and revision:
            mark_translations_outdated(instance, revision, user)
    elif isinstance(instance, CountryFactSheetPage):
        # Entries tagged with the country may gain or lose the "fact sheet overdue" risk.
        tagged = FaqPage.objects.filter(countries__code=instance.country.code).values_list("pk", flat=True)
        refresh_statuses(set(tagged), user=user, reason="fact_sheet")


def on_workflow_changed(sender, instance, user=None, **kwargs):
    """Submitting puts an entry ``in_review``; approval, rejection or cancellation ends it."""
    from .verification import refresh_statuses

    if str(instance.object_id).isdigit():
        refresh_statuses([int(instance.object_id)], user=user, reason="workflow")


def on_translation_created(sender, instance, created, raw=False, **kwargs):
    """A category or country already translated keeps its names when a page pulls it into translation."""
    from .translations import keep_existing_snippet_translation

    if created and not raw:
        keep_existing_snippet_translation(instance)


def on_public_change(sender, instance=None, **kwargs):
    if isinstance(instance, SHOWN_TO_THE_PUBLIC):
        page_cache.invalidate()


def on_account_change(sender, instance=None, update_fields=None, **kwargs):
    """Users, groups and permissions decide who may see internal content (faq.access)."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # every sign-in saves the user; it changes no right
    forget_permission_answers()


def connect():
    user_model = get_user_model()
    for model in (user_model, Group, Permission):
        for signal in (post_save, post_delete):
            signal.connect(on_account_change, sender=model, dispatch_uid=f"faq-permissions-{model.__name__}-{id(signal)}")
    for through in (user_model.groups.through, user_model.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(on_account_change, sender=through, dispatch_uid=f"faq-permissions-{through.__name__}")
    for signal in (post_save, post_delete):
        signal.connect(on_public_change, dispatch_uid=f"faq-page-cache-{id(signal)}")
    # Publishing and unpublishing save the page; a move saves it before its descendants' addresses change.
    post_page_move.connect(page_cache.invalidate, dispatch_uid="faq-page-cache-moved")
    page_published.connect(on_published, dispatch_uid="faq-verification-published")
    for signal in (workflow_submitted, workflow_approved, workflow_rejected, workflow_cancelled):
        signal.connect(on_workflow_changed, dispatch_uid=f"faq-verification-{id(signal)}")
    post_save.connect(on_translation_created, sender=Translation, dispatch_uid="faq-keep-snippet-translation")
