import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils.translation.reloader import translation_file_changed

from faq.demo.loader import ensure_demo_users
from faq.site_structure import ensure_site_structure


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    """Tests read the interface in every language: compile catalogues that are missing or stale."""
    from tools.compile_messages import compile_catalogues

    problems = compile_catalogues()
    assert not problems, problems
    # Django may have read the old .mo files while starting; forget them as its autoreloader would.
    translation_file_changed(sender=None, file_path=Path("locale.mo"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty in-memory cache: public pages cached by an earlier test
    (kb/page_cache.py) belong to rows that test's rollback removed."""
    from django.core.cache import cache

    cache.clear()


def pytest_report_header(config):
    return f"database: {'PostgreSQL (DATABASE_URL)' if os.environ.get('DATABASE_URL') else 'SQLite'}"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Each test database starts with the page tree every site needs (committed, so every
    test's rollback returns to it). Publishing its twelve pages with their translations took a
    second per test, a third of the suite's time."""
    with django_db_blocker.unblock():
        ensure_site_structure()


@pytest.fixture
def sections(db):
    return built_sections() or ensure_site_structure()


def built_sections():
    """The default language's sections when the tree is complete (the usual case, see
    ``django_db_setup``); ``None`` after a transactional test has emptied the database."""
    from django.conf import settings

    from faq.models import CountryIndexPage, FaqIndexPage, HomePage
    from faq.site_structure import SiteSections

    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home is None or HomePage.objects.count() < len(settings.WAGTAIL_CONTENT_LANGUAGES):
        return None
    faq_index = FaqIndexPage.objects.child_of(home).first()
    country_index = CountryIndexPage.objects.child_of(home).first()
    return SiteSections(home, faq_index, country_index) if faq_index and country_index else None


@pytest.fixture
def demo_users(db):
    from django.contrib.auth import get_user_model

    ensure_demo_users()
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def directory(db):
    """The referral directory from the demo content (organisations are referenced by slug)."""
    call_command("load_demo", directory_only=True, verbosity=0)
