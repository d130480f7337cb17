"""The interface catalogues in locale/: valid, complete, and in step with the code (issue 6 point 3).

``makemessages`` needs GNU gettext; CI installs it (.ci/run). Elsewhere these tests skip with the
reason rather than fail, unless ``CI`` is set.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ro", "ru", "uk")
DOMAINS = ("django", "djangojs")
# Kept in one place so the Makefile, the docs and this test run makemessages the same way.
MAKEMESSAGES_IGNORE = (".venv", "./static", "var", "tests", "bench", "node_modules")
CATALOGUES = [ROOT / "locale" / lang / "LC_MESSAGES" / f"{domain}.po" for lang in LANGUAGES for domain in DOMAINS]
VOLATILE = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.MULTILINE)


def require_gettext():
    if shutil.which("msgfmt") and shutil.which("xgettext"):
        return
    if os.environ.get("CI"):
        pytest.fail("GNU gettext (msgfmt, xgettext) is missing; .ci/run installs it")
    pytest.skip("GNU gettext (msgfmt, xgettext) is not installed; apt-get install gettext")


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_catalogue_is_valid_for_msgfmt(path):
    require_gettext()
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_catalogue_is_complete(path):
    with path.open("rb") as source:
        catalog = read_po(source, locale=path.parent.parent.name)
    untranslated = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [], f"{len(untranslated)} untranslated in {path.relative_to(ROOT)}"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy in {path.relative_to(ROOT)}"


ROOT_ONLY = {".git", ".venv", "var", "static", "tests", "bench", "docs", "node_modules"}
ANYWHERE = shutil.ignore_patterns("*.mo", "__pycache__", "node_modules")


def not_scanned(directory, names):
    """What the copy leaves out: top-level tooling and build output (app ``static`` dirs stay)."""
    skipped = set(ANYWHERE(directory, names))
    if Path(directory) == ROOT:
        skipped |= ROOT_ONLY & set(names)
    return skipped


def without_volatile_header(text):
    return VOLATILE.sub("", text)


def test_makemessages_would_not_change_the_catalogues(tmp_path, settings, monkeypatch):
    """Run makemessages on a copy of the project and compare: a string added to the code without
    being translated, or a translation kept for a string that is gone, fails here.

    A copy, because makemessages writes into the locale/ directory above each source file."""
    require_gettext()
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=not_scanned)
    settings.LOCALE_PATHS = [str(copy / "locale")]
    monkeypatch.chdir(copy)
    for domain in DOMAINS:
        call_command(
            "makemessages", domain=domain, locale=list(LANGUAGES), ignore_patterns=list(MAKEMESSAGES_IGNORE),
            no_obsolete=True, verbosity=0,
        )
    changed = [
        str(path.relative_to(ROOT))
        for path in CATALOGUES
        if without_volatile_header(path.read_text(encoding="utf-8"))
        != without_volatile_header((copy / path.relative_to(ROOT)).read_text(encoding="utf-8"))
    ]
    assert changed == [], f"run `make catalogues`, then translate the new strings: {changed}"
