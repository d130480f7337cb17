"""Compile the interface catalogues (locale/*/LC_MESSAGES/*.po) into the .mo files Django reads.

Babel does it in pure Python, so running the product needs no GNU gettext; CI still checks the
catalogues with msgfmt (tests/test_catalogs.py). Up-to-date .mo files are left alone, so `make`
targets can call this every time. Fuzzy entries are left out, as msgfmt leaves them out.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent


def compile_catalogues(root=ROOT, force=False):
    """Compile every stale catalogue; returns the list of problems (empty when all is well)."""
    problems = []
    for po in sorted((root / "locale").glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        language = po.parent.parent.name
        with po.open("rb") as source:
            catalog = read_po(source, locale=language)
        # Fuzzy entries are not compiled, so their placeholders cannot break a page; tests/test_catalogs.py
        # refuses them anyway.
        errors = [
            f"{po.relative_to(root)}: {message.id!r}: {error}"
            for message, errs in catalog.check() if not message.fuzzy for error in errs
        ]
        if errors:
            problems.extend(errors)
            continue
        with mo.open("wb") as target:
            write_mo(target, catalog)
        print(f"compiled {mo.relative_to(root)}")
    return problems


if __name__ == "__main__":
    found = compile_catalogues(force="--force" in sys.argv)
    for problem in found:
        print(problem, file=sys.stderr)
    sys.exit(1 if found else 0)
