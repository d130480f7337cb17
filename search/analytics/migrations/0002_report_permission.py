"""Let Administrators and Editors read the search reports ("view search query log").

The groups come from faq/0003. The names are written out here rather than read from
faq/roles.py: a migration must keep doing what it did when it was written. Administrators also
get every new permission from faq's post_migrate handler; naming them keeps this self-contained.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORT_GROUPS = ("Administrators", "Editors")


def _report_permission(apps):
    app_config = apps.get_app_config("search_analytics")
    # Django creates permissions only after all migrations; this one is needed now.
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label="search_analytics", codename="view_searchquerylog")


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _report_permission(apps)
    for group in Group.objects.filter(name__in=REPORT_GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permission = _report_permission(apps)
    for group in Group.objects.filter(name__in=REPORT_GROUPS):
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("search_analytics", "0001_initial"),
        ("faq", "0003_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
