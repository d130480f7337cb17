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


@pytest.fixture
def sections(db):
    return ensure_site_structure()


@pytest.fixture
def demo_users(db):
    from django.contrib.auth import get_user_model

    ensure_demo_users()
    return {user.username: user for user in get_user_model().objects.all()}


@pytest.fixture
def directory(db):
    """The referral directory from the demo content (organisations are referenced by slug)."""
    call_command("load_demo", directory_only=True, verbosity=0)
