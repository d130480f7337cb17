"""Wagtail's page signals -> search index updates (DESIGN.md section 3, issue 3 point 5)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from faq.models import Category, FaqPage
from search.indexing import update_pages


def _entry_ids_under(page):
    """Live or not, every FAQ entry at or below ``page``: a move or slug change alters their URLs."""
    return list(FaqPage.objects.filter(path__startswith=page.path).values_list("pk", flat=True))


def on_published(sender, instance, **kwargs):
    if isinstance(instance, FaqPage):
        update_pages([instance.pk])


def on_slug_changed(sender, instance, **kwargs):
    """A new slug on a live page changes the URL of every entry at or below it."""
    update_pages(_entry_ids_under(instance))


def on_unpublished(sender, instance, **kwargs):
    update_pages(_entry_ids_under(instance))


def on_moved(sender, instance, **kwargs):
    update_pages(_entry_ids_under(instance))


def on_deleted(sender, instance, **kwargs):
    """The deleted entry leaves the index; its translations lose a language from theirs."""
    if isinstance(instance, FaqPage):
        siblings = FaqPage.objects.filter(translation_key=instance.translation_key).values_list("pk", flat=True)
        update_pages([instance.pk, *siblings])


def on_category_saved(sender, instance, created, raw=False, **kwargs):
    """A renamed category changes the category name shown in its entries' hits."""
    if created or raw:
        return
    update_pages(
        FaqPage.objects.live().filter(category__path__startswith=instance.path.split("/")[0])
        .filter(locale_id=instance.locale_id).values_list("pk", flat=True)
    )


def connect():
    page_published.connect(on_published, dispatch_uid="search-published")
    page_unpublished.connect(on_unpublished, dispatch_uid="search-unpublished")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="search-slug")
    post_page_move.connect(on_moved, dispatch_uid="search-moved")
    post_delete.connect(on_deleted, sender=FaqPage, dispatch_uid="search-deleted")
    post_save.connect(on_category_saved, sender=Category, dispatch_uid="search-category")
