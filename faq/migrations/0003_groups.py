"""Create the Operators, Editors, Reviewers and Administrators groups (see faq/roles.py).

Wagtail's own "Moderators" group becomes "Reviewers", so its default approval workflow keeps
pointing at the people who approve.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from faq.roles import MEDIA_PERMISSIONS, ROLES


def _permission(Permission, dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure ours exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    Group.objects.filter(name="Moderators").exclude(
        name__in=Group.objects.filter(name="Reviewers").values("name")
    ).update(name="Reviewers")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name, role in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if role["permissions"] == "__all__":
            group.permissions.set(Permission.objects.all())
        else:
            group.permissions.set([_permission(Permission, p) for p in role["permissions"]])
        GroupPagePermission.objects.filter(group=group).delete()
        for codename in role["page_permissions"]:
            GroupPagePermission.objects.create(
                group=group, page=root_page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
        GroupCollectionPermission.objects.filter(group=group).delete()
        if role["media"] and root_collection:
            for app_label, codenames in MEDIA_PERMISSIONS.items():
                for codename in codenames:
                    GroupCollectionPermission.objects.create(
                        group=group, collection=root_collection,
                        permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
                    )


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0002_reference_data"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
