"""The environment that the product's own processes start with when a test launches them.

The browser fixture lifts Django's async-safety guard in the test worker while Playwright is
open (see tests/browser/conftest.py). That is a property of the test harness, not of the
product, so child processes (manage.py, gunicorn) must never inherit it: `check --deploy`
rightly reports it as an error.
"""

import os

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
HARNESS_ONLY = (ASYNC_UNSAFE,)


def child_environment(overrides=None):
    environment = {name: value for name, value in os.environ.items() if name not in HARNESS_ONLY}
    environment.update(overrides or {})
    return environment
