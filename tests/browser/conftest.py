"""Browser journeys (tests/browser/): fixtures and helpers live in tests/navigateur.py."""

import os

import pytest

from tests.navigateur import (  # noqa: F401  (helpers imported by the journeys)
    PHONE,
    check_accessibility,
    login,
    screenshot,
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
