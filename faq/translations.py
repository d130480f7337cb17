"""Linked translations of pages, created the way wagtail-localize expects.

A translation is a copy of the source page in another locale (same ``translation_key``). We also
register it with wagtail-localize (a ``TranslationSource`` and a ``Translation``) and record the
translated strings we already have, so the admin's translation editor opens filled in and
"sync from source" works for content that was imported or generated rather than typed. Reference
data (categories, countries, organisations) written in every language gets the same when
wagtail-localize first takes a translation of it over.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import Page
from wagtail_localize.models import String, StringTranslation, Translation, TranslationContext, TranslationSource
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.segments.types import StringSegmentValue


def save_and_publish(page, user=None, publish=True):
    """Save a revision by ``user`` and publish it as a system action (loads and imports).

    The permission check is skipped on purpose: the author of bulk content may be an editor who
    cannot publish from the admin, and the command's operator has already decided to publish.
    """
    revision = page.save_revision(user=user, log_action=True, clean=True)
    if publish:
        revision.publish(user=user, skip_permission_checks=True)
    return page


def translate_page(source_page, locale, values, *, user=None, publish=True):
    """Create or update the translation of ``source_page`` in ``locale`` with ``values`` set on it."""
    target = source_page.get_translation_or_none(locale)
    if target is None:
        target = source_page.copy_for_translation(locale)
    target = target.specific
    for name, value in values.items():
        setattr(target, name, value)
    return save_and_publish(target, user=user, publish=publish)


def _strings_by_path(instance):
    strings = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment.string.data)
    return strings


def _record_strings(source, source_instance, targets):
    """Record the text of ``targets`` as translations of ``source``'s strings, paired by content path.

    A path whose segment counts differ between the languages (e.g. a rich text with another
    number of paragraphs) is left for a translator; returns the number of strings left.
    """
    source_strings = _strings_by_path(source_instance)
    contexts = {c.path: c for c in TranslationContext.objects.filter(object_id=source.object_id)}
    strings = {s.data_hash: s for s in String.objects.filter(locale_id=source.locale_id, segments__source=source)}
    unpaired = 0
    for target in targets:
        target_strings = _strings_by_path(target)
        for path, originals in source_strings.items():
            translated = target_strings.get(path, [])
            if len(translated) != len(originals):
                unpaired += len(originals)
                continue
            for original, text in zip(originals, translated):
                StringTranslation.objects.update_or_create(
                    translation_of=strings[String._get_data_hash(original)],
                    locale=target.locale,
                    context=contexts[path],
                    defaults={"data": text, "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
                )
    return unpaired


@transaction.atomic
def register_translations(source_page, targets):
    """Record ``targets`` (pages in other locales) as wagtail-localize translations of ``source_page``.

    Returns the number of strings that could not be paired (see ``_record_strings``).
    """
    source, _ = TranslationSource.update_or_create_from_instance(source_page)
    for target in targets:
        Translation.objects.get_or_create(source=source, target_locale=target.locale, defaults={"enabled": True})
    return _record_strings(source, source_page, targets)


def keep_existing_snippet_translation(translation):
    """Record the text of a snippet's existing translation when wagtail-localize starts managing it.

    Submitting a page pulls its category or country into translation; their other-language rows
    were written without wagtail-localize (seeded, imported or typed), and without recorded
    strings wagtail-localize would save them again with the source language's names.
    """
    source = translation.source
    if issubclass(ContentType.objects.get_for_id(source.specific_content_type_id).model_class(), Page):
        return  # pages are registered with their strings by register_translations
    source_instance = source.as_instance()
    target = source_instance.get_translation_or_none(translation.target_locale)
    if target is not None:
        _record_strings(source, source_instance, [target])
