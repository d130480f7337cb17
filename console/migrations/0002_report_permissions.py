"""Let Editors, Reviewers and Administrators read the call log and resolve reported answers.

The group names are written out rather than read from faq/roles.py: a migration must keep doing
what it did when it was written. Operators get neither permission: they report, editors resolve.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORT_GROUPS = ("Administrators", "Editors", "Reviewers")
CODENAMES = ("view_call_reports", "resolve_entry_reports")


def _permissions(apps):
    app_config = apps.get_app_config("console")
    # Django creates permissions only after all migrations; these are needed now.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="console", codename__in=CODENAMES))


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=REPORT_GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=REPORT_GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("console", "0001_initial"),
        ("faq", "0003_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
