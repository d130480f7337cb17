"""The four staff roles and what each may do (issue: groups and permissions).

Kept as data so the migration, the tests and the docs read the same definition.
"""

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
MEDIA_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}
TAXONOMY_VIEW = ("faq.view_category", "faq.view_country", "faq.view_organisation")

ROLES = {
    # Operators read everything, including operator-only entries and internal notes, and edit nothing.
    "Operators": {
        "permissions": ("faq.view_internal_content", *TAXONOMY_VIEW),
        "page_permissions": (),
        "media": False,
    },
    # Editors write and change content and submit it for review; they cannot publish.
    "Editors": {
        "permissions": (
            "wagtailadmin.access_admin", "faq.view_internal_content", *TAXONOMY_VIEW,
            "faq.add_organisation", "faq.change_organisation",
            "wagtail_localize.submit_translation",
        ),
        "page_permissions": ("add_page", "change_page"),
        "media": True,
    },
    # Reviewers approve (publish) and verify sources.
    "Reviewers": {
        "permissions": (
            "wagtailadmin.access_admin", "faq.view_internal_content", "faq.verify_sources", *TAXONOMY_VIEW,
            "faq.add_organisation", "faq.change_organisation",
            "wagtail_localize.submit_translation",
        ),
        "page_permissions": ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
        "media": True,
    },
    # Administrators hold every permission; user accounts stay with superusers.
    "Administrators": {
        "permissions": "__all__",
        "page_permissions": PAGE_PERMISSIONS,
        "media": True,
    },
}


def grant_every_permission_to_administrators(sender, using="default", **kwargs):
    """post_migrate handler; runs for every app, possibly before Django creates its permissions."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    create_permissions(sender, verbosity=0, using=using)
    group = Group.objects.using(using).filter(name="Administrators").first()
    if group is not None:
        group.permissions.set(Permission.objects.using(using).all())
