"""Move source verification dates out of revisions, set up the verification workflow, grant rights.

- Each source's date and verifier become a SourceVerification row of its page (one language).
- A "Source verification" workflow (one task, for Reviewers and Administrators) replaces Wagtail's
  default "Moderators approval" on the root page, so every entry in every language goes through it.
- Editors and Reviewers may record law changes; Administrators get every permission anyway.

Group names are written out rather than read from faq/roles.py: a migration must keep doing what
it did when it was written.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEW_GROUPS = ("Reviewers", "Administrators")
LAW_CHANGE_GROUPS = ("Editors", "Reviewers", "Administrators")
LAW_CHANGE_CODENAMES = ("add_lawchange", "view_lawchange")
WORKFLOW_NAME = "Source verification"


def copy_verification_dates(apps):
    FaqSource = apps.get_model("faq", "FaqSource")
    SourceVerification = apps.get_model("faq", "SourceVerification")
    FaqPage = apps.get_model("faq", "FaqPage")
    rows, oldest, missing = {}, {}, set()
    for page_id, url, day, by in FaqSource.objects.values_list("page_id", "url", "last_verified_on", "verified_by"):
        if day is None:
            missing.add(page_id)
            continue
        rows[(page_id, url)] = SourceVerification(page_id=page_id, url=url, last_verified_on=day, verified_by=by)
        oldest[page_id] = min(day, oldest.get(page_id, day))
    SourceVerification.objects.bulk_create(rows.values(), batch_size=1000)
    for page_id, day in oldest.items():
        if page_id not in missing:
            FaqPage.objects.filter(pk=page_id).update(last_verified_on=day)


def create_workflow(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    SourceVerificationTask = apps.get_model("faq", "SourceVerificationTask")

    task_type, _ = ContentType.objects.get_or_create(app_label="faq", model="sourceverificationtask")
    task = SourceVerificationTask.objects.create(name=WORKFLOW_NAME, content_type=task_type, active=True)
    task.groups.set(Group.objects.filter(name__in=REVIEW_GROUPS))
    workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def grant_law_change_permissions(apps):
    app_config = apps.get_app_config("faq")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="faq", codename__in=LAW_CHANGE_CODENAMES))
    for group in Group.objects.filter(name__in=LAW_CHANGE_GROUPS):
        group.permissions.add(*permissions)


def forwards(apps, schema_editor):
    copy_verification_dates(apps)
    create_workflow(apps)
    grant_law_change_permissions(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0004_verification"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
