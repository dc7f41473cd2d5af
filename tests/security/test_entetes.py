"""Security headers, cookie flags and CSP under production settings.

The production values come from the real settings module, loaded in a subprocess with
DEBUG off (as a deployment would), then applied to the test run.
"""

import json
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tests.access import ROLES, TABLE
from tests.core.test_access_matrix import app_url_names
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "tests-securite-" + "k7#Qz!" * 10,
    "ALLOWED_HOSTS": "rh.apes-hdf.org,testserver",
    "SITE_URL": "https://rh.apes-hdf.org",
    "EMAIL_URL": "smtp+tls://relay:secret@smtp.example.org:587",
    "DJANGO_SETTINGS_MODULE": "apes_rh.settings",
}
SECURITY_SETTINGS = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
]


def _subprocess_env(extra: dict) -> dict:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by tests/conftest.py for Playwright, not by deployments.
    dropped = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(extra)
    env["PYTHONPATH"] = str(django_settings.BASE_DIR)
    return env


@pytest.fixture(scope="module")
def production():
    """The security settings a deployment gets (DEBUG off, secret key given)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{k: getattr(s, k, None) for k in {SECURITY_SETTINGS!r}}}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=_subprocess_env(PRODUCTION_ENV),
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(out.stdout.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def prod(settings, production):
    for key, value in production.items():
        if key != "DEBUG":
            setattr(settings, key, value)
    return production


def test_production_settings_turn_debug_off_and_require_https(production):
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=_subprocess_env(PRODUCTION_ENV),
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_plain_http_is_redirected_to_https_except_the_health_check(client, prod):
    response = client.get(reverse("account_login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get(reverse("healthz")).status_code == 200
    # Behind the proxy, the forwarded scheme counts.
    response = client.get(reverse("account_login"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200


def _set_cookie(response, name):
    assert name in response.cookies, f"cookie {name} absent de {list(response.cookies)}"
    return response.cookies[name]


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, prod):
    UserFactory(email="ines@asso.example")
    page = client.get(reverse("account_login"), secure=True)
    csrf = _set_cookie(page, "csrftoken")
    assert csrf["secure"] and csrf["samesite"] == "Lax"
    assert csrf["httponly"], "le jeton CSRF est lu dans la page (hx-headers), pas par JS"
    response = client.post(
        reverse("account_login"),
        {"login": "ines@asso.example", "password": PASSWORD},
        secure=True,
    )
    assert response.status_code == 302
    session = _set_cookie(response, "sessionid")
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_the_session_changes_at_login(client, prod):
    """Session fixation: the key given before login is not the one used after."""
    UserFactory(email="ines@asso.example")
    client.get(reverse("account_login"), secure=True)
    session = client.session  # the test client creates the session and its cookie
    session["marque"] = "avant"
    session.save()
    before = client.cookies["sessionid"].value
    client.post(
        reverse("account_login"), {"login": "ines@asso.example", "password": PASSWORD}, secure=True
    )
    assert client.cookies["sessionid"].value != before


def _csp(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _check_headers(response, url) -> list[str]:
    problems = []
    expect = {
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    # Stricter is fine: the pages behind an e-mail's signed link send no referrer at all.
    plus_strict = {"Referrer-Policy": {"no-referrer"}}
    for header, value in expect.items():
        if response.get(header) != value and response.get(header) not in plus_strict.get(
            header, ()
        ):
            problems.append(f"{url}: {header} = {response.get(header)!r}, attendu {value!r}")
    hsts = response.get("Strict-Transport-Security", "")
    max_age = re.search(r"max-age=(\d+)", hsts)
    if not max_age or int(max_age.group(1)) < 31_536_000 or "includeSubDomains" not in hsts:
        problems.append(f"{url}: Strict-Transport-Security = {hsts!r}")
    if not response.get("Content-Type", "").startswith("text/html"):
        return problems
    csp = _csp(response)
    if not csp:
        return problems + [f"{url}: pas de Content-Security-Policy"]
    scripts = csp.get("script-src", csp.get("default-src", []))
    for bad in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        if bad in scripts:
            problems.append(f"{url}: script-src contient {bad}")
    styles = csp.get("style-src", csp.get("default-src", []))
    if "'unsafe-inline'" in styles:
        problems.append(f"{url}: style-src contient 'unsafe-inline'")
    for directive, value in {
        "object-src": "'none'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
    }.items():
        if csp.get(directive) != [value]:
            problems.append(f"{url}: {directive} = {csp.get(directive)}")
    return problems


class _InlineFinder(HTMLParser):
    """Markup the strict CSP would block in a browser (so the page would silently break)."""

    def __init__(self, nonce: str | None):
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        data_block = tag == "script" and attrs.get("type", "").endswith("json")
        inline = tag in ("script", "style") and "src" not in attrs and not data_block
        if inline and (not self.nonce or attrs.get("nonce") != self.nonce):
            self.problems.append(f"<{tag}> en ligne sans nonce")
        for name, value in attrs.items():
            if name == "style":
                self.problems.append(f"attribut style sur <{tag}>")
            elif name.startswith("on") or name.startswith("hx-on"):
                self.problems.append(f"gestionnaire {name} sur <{tag}>")
            elif name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"URL javascript: sur <{tag}>")


def _inline_problems(response, url) -> list[str]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    scripts = _csp(response).get("script-src", [])
    nonce = next((s[7:-1] for s in scripts if s.startswith("'nonce-")), None)
    finder = _InlineFinder(nonce)
    finder.feed(response.content.decode())
    return [f"{url}: {p}" for p in sorted(set(finder.problems))]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_sends_the_security_headers_and_a_strict_csp(client, monde, prod, role):
    user = monde.users[role]
    if user is not None:
        client.force_login(user)
    problems = []
    for name in app_url_names():
        acces = TABLE[name]
        if acces.expected[role] != 200:
            continue
        url = reverse(name, kwargs=acces.kwargs(monde)) + (acces.query or "")
        response = client.get(url, secure=True)
        assert response.status_code == 200, f"{url}: {response.status_code}"
        problems += _check_headers(response, url)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_no_page_carries_inline_code_or_styles_the_csp_would_block(client, monde, role):
    user = monde.users[role]
    if user is not None:
        client.force_login(user)
    problems = []
    for name in app_url_names():
        acces = TABLE[name]
        if acces.expected[role] != 200:
            continue
        url = reverse(name, kwargs=acces.kwargs(monde)) + (acces.query or "")
        problems += _inline_problems(client.get(url), url)
    assert not problems, "\n".join(problems)


def test_error_pages_send_the_security_headers_too(client, prod):
    response = client.get("/cette-page-n-existe-pas/", secure=True)
    assert response.status_code in (302, 404)
    assert not _check_headers(response, "404")
