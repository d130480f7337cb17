"""What each staff group may do (groups are created by migration faq/0003)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from faq.access import can_see_internal
from faq.models import FaqPage

from .factories import make_entry


@pytest.fixture
def entry(sections):
    return make_entry()


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def test_migration_creates_the_four_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {"Operators", "Editors", "Reviewers", "Administrators"}
    assert not Group.objects.filter(name="Moderators").exists()


def test_operator_reads_internal_content_but_cannot_enter_the_admin(demo_users, entry):
    operator = demo_users["operator"]
    assert can_see_internal(operator)
    assert not operator.has_perm("wagtailadmin.access_admin")
    response = client_for(operator).get(reverse("wagtailadmin_pages:edit", args=[entry.pk]))
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.get("Location", "/admin/login/")
    perms = entry.permissions_for_user(operator)
    assert not perms.can_edit() and not perms.can_publish()


def test_editor_edits_and_submits_but_cannot_publish(demo_users, entry):
    editor = demo_users["editor"]
    perms = entry.permissions_for_user(editor)
    assert perms.can_edit() and not perms.can_publish()
    assert client_for(editor).get(reverse("wagtailadmin_pages:edit", args=[entry.pk])).status_code == 200
    assert editor.has_perm("faq.add_organisation") and not editor.has_perm("faq.verify_sources")


def test_reviewer_publishes_and_verifies(demo_users, entry):
    reviewer = demo_users["reviewer"]
    perms = entry.permissions_for_user(reviewer)
    assert perms.can_edit() and perms.can_publish()
    assert reviewer.has_perm("faq.verify_sources")
    assert not reviewer.has_perm("auth.change_user")


def test_administrators_group_holds_every_permission(demo_users, entry):
    administrators = Group.objects.get(name="Administrators")
    from django.contrib.auth.models import Permission

    assert administrators.permissions.count() == Permission.objects.count()
    assert set(administrators.page_permissions.values_list("permission__codename", flat=True)) == {
        "add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page",
    }


def test_anonymous_cannot_see_internal_content(db):
    from django.contrib.auth.models import AnonymousUser

    assert not can_see_internal(AnonymousUser())


def test_inactive_operator_loses_access(demo_users):
    operator = demo_users["operator"]
    operator.is_active = False
    assert not can_see_internal(operator)


def test_editor_cannot_create_pages_outside_the_tree_rules(demo_users, sections):
    assert FaqPage.can_create_at(sections.faq_index)
    assert not FaqPage.can_create_at(sections.country_index)


# The answer to "may this user see internal content?" is cached (faq.access): every operator
# search asks it. Each way of taking the right away must end it with the very next request.

def _operator_search(client):
    return client.get("/api/search/", {"q": "permis", "scope": "operator", "locale": "ro"}).status_code


def _operator_client(demo_users):
    client = client_for(demo_users["operator"])
    assert _operator_search(client) == 200  # the answer is now cached
    return client


@pytest.mark.parametrize("revoke", ["leave_group", "group_loses_permission", "deactivate", "delete_group"])
def test_revoking_internal_access_applies_to_the_next_search(demo_users, revoke):
    from django.contrib.auth.models import Permission

    client = _operator_client(demo_users)
    operator, operators = demo_users["operator"], Group.objects.get(name="Operators")
    if revoke == "leave_group":
        operator.groups.remove(operators)
    elif revoke == "group_loses_permission":
        operators.permissions.remove(Permission.objects.get(codename="view_internal_content"))
    elif revoke == "deactivate":
        operator.is_active = False
        operator.save()
    else:
        operators.delete()
    # A deactivated user is signed out (401); the others are signed in without the right (403).
    assert _operator_search(client) in (401, 403)


def test_granting_internal_access_applies_to_the_next_search(db):
    from django.contrib.auth.models import Permission

    from django.contrib.auth import get_user_model

    volunteer = get_user_model().objects.create_user("volunteer")  # signed in, in no group
    client = client_for(volunteer)
    assert _operator_search(client) == 403  # "no" is cached as well
    volunteer.user_permissions.add(Permission.objects.get(codename="view_internal_content"))
    assert _operator_search(client) == 200


def test_signing_in_keeps_cached_answers(demo_users):
    """Every sign-in saves the user (last_login); that changes no right and must not empty the cache."""
    from faq.access import PERMISSIONS_GENERATION_KEY
    from faq.demo.loader import DEMO_PASSWORD_SUFFIX
    from kb import generations

    _operator_client(demo_users)
    before = generations.current(PERMISSIONS_GENERATION_KEY)
    assert Client().login(username="operator", password="operator" + DEMO_PASSWORD_SUFFIX)
    assert generations.current(PERMISSIONS_GENERATION_KEY) == before


# The signed-in user itself comes from the cache (kb/signed_in_user.py) after Django has loaded
# and verified it once for the session.

def _user_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert _operator_search(client) == 200
    return [query["sql"] for query in captured.captured_queries if 'FROM "auth_user"' in query["sql"]]


def test_the_signed_in_user_is_loaded_once_per_session(demo_users):
    client = _operator_client(demo_users)
    assert _user_queries(client) == []
    # Another user's session is loaded from the database once, then from the cache too.
    editor = client_for(demo_users["editor"])
    assert _user_queries(editor) != []
    assert _user_queries(editor) == []


def test_a_password_change_signs_other_sessions_out_at_once(demo_users):
    client = _operator_client(demo_users)
    assert _user_queries(client) == []
    operator = demo_users["operator"]
    operator.set_password("a-new-passphrase-for-the-operator")
    operator.save()
    assert _operator_search(client) == 401


def test_a_deleted_user_is_signed_out_at_once(demo_users):
    client = _operator_client(demo_users)
    demo_users["operator"].delete()
    assert _operator_search(client) == 401


def test_operator_searches_treat_cache_read_errors_as_misses(demo_users, monkeypatch):
    """As Django's cached_db sessions do: the user, the right and the generations come from the
    database. (Those sessions still need the cache to accept writes.)"""
    from django.core.cache import cache

    client = _operator_client(demo_users)

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "get", unreachable)
    assert _operator_search(client) == 200
    demo_users["operator"].groups.clear()
    assert _operator_search(client) == 403
