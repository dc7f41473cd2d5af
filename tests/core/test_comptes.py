"""Accounts: e-mail login, invitations, MFA for staff, rate limits, password reset."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.urls import reverse

from apes_rh.models import Invitation, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_logs_in_with_the_email_address(client):
    UserFactory(email="ines@asso.example")
    response = _login(client, "INES@asso.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("tableau_de_bord")


def test_a_wrong_password_is_refused_in_french(client):
    UserFactory(email="ines@asso.example")
    response = _login(client, "ines@asso.example", "mauvais")
    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe sont incorrects" in response.content.decode()


def test_sign_up_is_closed(client):
    response = client.get(reverse("account_signup"))
    assert "inscriptions sont actuellement fermées" in response.content.decode().lower() or (
        "fermé" in response.content.decode()
    )


def test_the_team_invites_a_person_who_sets_a_password(client, django_capture_on_commit_callbacks):
    chargee = UserFactory(chargee=True)
    client.force_login(chargee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("equipe_inviter"),
            {"email": "Nouvelle@Asso.example", "first_name": "Léa", "last_name": "Petit"},
        )
    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@asso.example")
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nouvelle@asso.example"]
    assert PASSWORD not in message.body
    link = re.search(r"https?://\S+/comptes/password/reset/key/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    client.logout()
    response = client.get("/" + path)
    assert response.status_code == 302  # allauth moves the key into the session
    set_password_url = response["Location"]
    response = client.post(
        set_password_url,
        {"password1": "un-tres-bon-mot-de-passe", "password2": "un-tres-bon-mot-de-passe"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("un-tres-bon-mot-de-passe")
    assert EmailAddress.objects.get(user=user).verified
    assert Invitation.objects.get(personne=user).acceptee_le is not None
    # Logged in straight away, and the link cannot be used twice.
    assert client.get(reverse("tableau_de_bord")).status_code in (200, 302)
    client.logout()
    response = client.get("/" + path, follow=True)
    assert "invalide" in response.content.decode().lower()


def test_the_invitation_form_reports_errors_per_field(client):
    client.force_login(UserFactory(chargee=True))
    response = client.post(reverse("equipe_inviter"), {"email": "pas-une-adresse"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "email" in form.errors and "first_name" in form.errors
    assert User.objects.filter(email="pas-une-adresse").count() == 0


def test_staff_without_an_authenticator_must_set_up_mfa(client):
    chargee = UserFactory(chargee=True, totp=False)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=chargee).delete()
    client.force_login(chargee)
    response = client.get(reverse("equipe_tableau"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    # The setup page stays reachable (after confirming the password, as allauth asks).
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_members_are_not_forced_to_use_mfa(client):
    client.force_login(UserFactory())
    assert client.get(reverse("tableau_de_bord")).status_code in (200, 302)
    response = client.get(reverse("tableau_de_bord"))
    assert reverse("mfa_activate_totp") not in response.get("Location", "")


def test_login_with_totp_asks_for_the_code(client):
    chargee = UserFactory(email="camille@apes.example", chargee=True)
    response = _login(client, "camille@apes.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    from allauth.mfa.models import Authenticator

    secret = Authenticator.objects.get(user=chargee, type="totp").wrap().instance.data["secret"]
    from allauth.mfa.utils import decrypt

    counter = next(iter(yield_hotp_counters_from_time()))
    code = format_hotp_value(hotp_value(decrypt(secret), counter))
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("equipe_tableau")).status_code == 200


@pytest.mark.parametrize(("fenetres", "acceptee"), [(-1, True), (-2, False)])
def test_a_code_from_the_window_just_ended_is_still_accepted(client, fenetres, acceptee):
    """Typed as its window ends, a code still works; an older one does not."""
    import time

    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    chargee = UserFactory(email="camille@apes.example", chargee=True)
    _login(client, "camille@apes.example")
    secret = Authenticator.objects.get(user=chargee, type="totp").wrap().instance.data["secret"]
    code = format_hotp_value(hotp_value(decrypt(secret), int(time.time()) // 30 + fenetres))
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert (client.get(reverse("equipe_tableau")).status_code == 200) is acceptee


def test_repeated_failed_logins_are_rate_limited(client):
    UserFactory(email="cible@asso.example")
    for _ in range(5):
        _login(client, "cible@asso.example", "mauvais")
    response = _login(client, "cible@asso.example")
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "trop" in response.content.decode().lower()


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    UserFactory(email="connue@asso.example")
    known = client.post(reverse("account_reset_password"), {"email": "connue@asso.example"})
    unknown = client.post(reverse("account_reset_password"), {"email": "inconnue@asso.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
