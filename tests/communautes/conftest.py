# The browser journeys of this app (test_navigateur.py) use the shared Playwright fixtures.
from tests.browser.conftest import _browser, browser_context, page, phone_page  # noqa: F401
