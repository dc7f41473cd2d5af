"""Nothing tells an outsider whether an e-mail address has an account."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _normalise(html: str) -> str:
    """Drop what changes on every request (tokens, nonces)."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    html = re.sub(r'nonce="[^"]+"', "", html)
    return html


@pytest.fixture
def connue(db):
    return UserFactory(email="connue@asso.example")


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, connue):
    known = client.post(
        reverse("account_reset_password"), {"email": "connue@asso.example"}, follow=True
    )
    mails_known = len(mail.outbox)
    unknown = client.post(
        reverse("account_reset_password"), {"email": "inconnue@asso.example"}, follow=True
    )
    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert _normalise(known.content.decode()) == _normalise(unknown.content.decode())
    # Both addresses receive one message (the unknown one hears that no account exists).
    assert mails_known == 1 and len(mail.outbox) == 2
    assert "connue@asso.example" in mail.outbox[0].to
    assert "/password/reset/key/" in mail.outbox[0].body
    assert "/password/reset/key/" not in mail.outbox[1].body


def test_password_reset_for_a_deactivated_account_looks_like_an_unknown_one(client):
    UserFactory(email="partie@asso.example", is_active=False)
    inactive = client.post(
        reverse("account_reset_password"), {"email": "partie@asso.example"}, follow=True
    )
    unknown = client.post(
        reverse("account_reset_password"), {"email": "inconnue@asso.example"}, follow=True
    )
    assert inactive.redirect_chain == unknown.redirect_chain
    assert _normalise(inactive.content.decode()) == _normalise(unknown.content.decode())
    assert not any("/password/reset/key/" in m.body for m in mail.outbox)


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(client, connue):
    wrong = client.post(
        reverse("account_login"), {"login": "connue@asso.example", "password": "mauvais-mdp"}
    )
    unknown = client.post(
        reverse("account_login"), {"login": "inconnue@asso.example", "password": "mauvais-mdp"}
    )
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors


def test_the_closed_sign_up_does_not_reveal_existing_addresses(client, connue):
    known = client.post(
        reverse("account_signup"),
        {"email": "connue@asso.example", "password1": "x" * 12, "password2": "x" * 12},
    )
    unknown = client.post(
        reverse("account_signup"),
        {"email": "inconnue@asso.example", "password1": "x" * 12, "password2": "x" * 12},
    )
    assert known.status_code == unknown.status_code
    assert _normalise(known.content.decode()) == _normalise(unknown.content.decode())
