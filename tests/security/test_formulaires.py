"""Hostile input on the forms: never a 500, never half-written data.

Property-based (hypothesis): random and hostile text, control characters (NUL included),
invalid UTF-8 bytes in multipart and urlencoded bodies, spreadsheet formulas, huge values.
"""

from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from apes_rh.models import Invitation, User
from tests.access import ROLES, TABLE
from tests.core.test_access_matrix import app_url_names
from tests.factories import PASSWORD, FinanceurFactory, UserFactory
from tests.security.hostile import (
    ADRESSE_TROP_LONGUE,
    FORMULES,
    adresses_valides,
    emails_hostiles,
    multipart,
    noms_plausibles,
    octets_invalides,
    texte_hostile,
)

pytestmark = pytest.mark.django_db

RAPIDE = hsettings(
    max_examples=30,
    deadline=None,
    database=None,  # nothing written to the working tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def equipe_client(client):
    client.force_login(UserFactory(email="chargee@apes.example", chargee=True))
    return client


@pytest.fixture
def financeur_pk(db):
    return FinanceurFactory(code="MEL").pk


def _etat():
    return (User.objects.count(), Invitation.objects.count(), EmailAddress.objects.count())


def _assert_stored_values_fit_their_columns(user: User) -> None:
    """SQLite stores anything; PostgreSQL would refuse (a 500) what exceeds a column."""
    for field in ("email", "first_name", "last_name"):
        value = getattr(user, field)
        limit = User._meta.get_field(field).max_length
        assert len(value) <= limit, f"{field} de {len(value)} caractères (colonne : {limit})"
        assert "\x00" not in value, f"{field} contient un caractère NUL"


def _assert_invitation_outcome(response, avant) -> None:
    assert response.status_code in (200, 302), f"statut {response.status_code}"
    apres = _etat()
    if response.status_code == 200:
        assert response.context["form"].errors, "formulaire renvoyé sans erreur"
        assert apres == avant, "un formulaire refusé a écrit des données"
        return
    users, invitations, adresses = (a - b for a, b in zip(apres, avant, strict=True))
    assert invitations == 1
    assert users in (0, 1) and adresses == users, "personne créée sans son adresse (ou l'inverse)"
    invitation = Invitation.objects.select_related("personne").order_by("-pk").first()
    _assert_stored_values_fit_their_columns(invitation.personne)


@RAPIDE
@given(
    email=st.one_of(emails_hostiles, adresses_valides),
    prenom=st.one_of(texte_hostile, noms_plausibles),
    nom=st.one_of(texte_hostile, noms_plausibles),
    message=texte_hostile,
    equipe=st.one_of(st.none(), st.sampled_from(["on", "0", "\x00", "=1+1", "x" * 5000])),
    financeur=st.one_of(
        st.none(), st.sampled_from(["valide", "9999999", "-1", "abc", "\x00", "1 OR 1=1", "1e9"])
    ),
)
def test_the_invitation_form_never_fails_and_writes_all_or_nothing(
    equipe_client, financeur_pk, email, prenom, nom, message, equipe, financeur
):
    data = {"email": email, "first_name": prenom, "last_name": nom, "message": message}
    if equipe is not None:
        data["equipe"] = equipe
    if financeur is not None:
        data["financeur"] = str(financeur_pk) if financeur == "valide" else financeur
    avant = _etat()
    response = equipe_client.post(reverse("equipe_inviter"), data)
    event(f"statut {response.status_code}")  # both outcomes: --hypothesis-show-statistics
    _assert_invitation_outcome(response, avant)


@RAPIDE
@given(
    email=octets_invalides,
    prenom=octets_invalides,
    nom=octets_invalides,
    message=octets_invalides,
)
def test_the_invitation_form_survives_invalid_utf8_in_multipart(
    equipe_client, email, prenom, nom, message
):
    body, content_type = multipart(
        {"email": email, "first_name": prenom, "last_name": nom, "message": message}
    )
    avant = _etat()
    response = equipe_client.post(reverse("equipe_inviter"), body, content_type=content_type)
    _assert_invitation_outcome(response, avant)


@pytest.mark.parametrize(
    "body",
    [
        b"email=%FF%FE%00&first_name=%C3%28&last_name=%ED%A0%80&message=%80%80",
        b"email=a%40b.fr&first_name=\xff\xfe&last_name=\x00&message=ok",
        b"email=a@b.fr&first_name=%&last_name=%%%&message=%zz",
        b"&".join([b"first_name=x"] * 2000),  # more fields than Django accepts
    ],
)
def test_the_invitation_form_survives_broken_urlencoded_bodies(equipe_client, body):
    avant = _etat()
    response = equipe_client.post(
        reverse("equipe_inviter"), body, content_type="application/x-www-form-urlencoded"
    )
    if response.status_code == 400:  # too many fields: refused before the view
        assert _etat() == avant
    else:
        _assert_invitation_outcome(response, avant)


def test_a_multipart_body_with_a_lying_charset_is_not_a_500(equipe_client):
    body, content_type = multipart({"email": "é@é.fr".encode("latin-1"), "first_name": b"\xff"})
    avant = _etat()
    response = equipe_client.post(
        reverse("equipe_inviter"),
        body,
        content_type=content_type,
        CONTENT_TYPE=content_type + "; charset=klingon-8",  # sent as is, after encoding
    )
    assert response.status_code in (200, 400)
    assert _etat() == avant


def test_an_address_longer_than_the_database_column_is_refused_with_a_french_message(
    equipe_client,
):
    """The form field accepts 320 characters; the column holds 254."""
    avant = _etat()
    response = equipe_client.post(
        reverse("equipe_inviter"),
        {"email": ADRESSE_TROP_LONGUE, "first_name": "Léa", "last_name": "Petit"},
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert _etat() == avant


@pytest.mark.parametrize("formule", FORMULES)
def test_formulas_are_kept_as_plain_text_and_rendered_escaped(equipe_client, formule):
    """A formula typed as a name is data, not code: stored verbatim, shown escaped."""
    response = equipe_client.post(
        reverse("equipe_inviter"),
        {"email": "formule@asso.example", "first_name": formule, "last_name": "<b>Nom</b>"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="formule@asso.example")
    assert user.first_name == formule.strip()
    page = equipe_client.get(reverse("equipe_invitations")).content.decode()
    assert "<b>Nom</b>" not in page and "&lt;b&gt;Nom&lt;/b&gt;" in page


# --- allauth's login form --------------------------------------------------------------------


@pytest.fixture
def compte(db):
    return UserFactory(email="ines@asso.example")


@RAPIDE
@given(login=emails_hostiles, password=texte_hostile, remember=st.sampled_from(["", "on", "\x00"]))
def test_the_login_form_never_fails_nor_logs_in_with_hostile_input(
    client, compte, login, password, remember
):
    cache.clear()  # exercise the form, not the rate limiter
    response = client.post(
        reverse("account_login"), {"login": login, "password": password, "remember": remember}
    )
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@RAPIDE
@given(login=octets_invalides, password=octets_invalides)
def test_the_login_form_survives_invalid_utf8_in_multipart(client, compte, login, password):
    cache.clear()
    body, content_type = multipart({"login": login, "password": password})
    response = client.post(reverse("account_login"), body, content_type=content_type)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "variante",
    [
        "ines@asso.example\x00",
        "\x00ines@asso.example",
        "ines@asso.example\u200b",
        "ines@asso.example' OR '1'='1",
    ],
)
def test_a_tampered_address_with_the_right_password_does_not_log_in(client, compte, variante):
    response = client.post(reverse("account_login"), {"login": variante, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@RAPIDE
@given(email=emails_hostiles)
def test_the_password_reset_form_never_fails(client, email):
    cache.clear()
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code in (200, 302, 429)


# --- Every page, with hostile query strings ---------------------------------------------------

PARAMETRES = [
    "page",
    "q",
    "tri",
    "ordre",
    "du",
    "au",
    "annee",
    "territoire",
    "statut",
    "thematique",
    "type",
    "organisation",
    "parcours",
    "format",
    "next",
]
VALEURS = [
    "\x00",
    "x" * 5000,
    "99999999999999999999999",
    "-1",
    "2021-13-45",
    "31/02/2021",
    "=cmd|' /C calc'!A0",
    "%FF%FE",
    "https://evil.example/",
    "1 OR 1=1",
]


def _query(valeurs) -> str:
    return "&".join(f"{p}={quote(v, safe='%')}" for p, v in zip(PARAMETRES, valeurs, strict=True))


# One value everywhere (so that no other field's error hides it), then every value mixed.
REQUETES_HOSTILES = [
    *(_query([v] * len(PARAMETRES)) for v in ("\x00", "99999999999999999999999", "2021-13-45")),
    _query([VALEURS[i % len(VALEURS)] for i in range(len(PARAMETRES))]),
    _query([VALEURS[(i + 5) % len(VALEURS)] for i in range(len(PARAMETRES))]),
]


@pytest.mark.parametrize("role", ROLES)
def test_hostile_query_strings_never_crash_a_page(client, monde, role):
    user = monde.users[role]
    if user is not None:
        client.force_login(user)
    crashes = []
    for name in app_url_names():
        acces = TABLE[name]
        if acces.expected[role] != 200:
            continue
        url = reverse(name, kwargs=acces.kwargs(monde))
        for query in REQUETES_HOSTILES:
            response = client.get(f"{url}?{query}")
            if response.status_code >= 500:
                crashes.append(f"{url}?{query[:80]} → {response.status_code}")
    assert not crashes, "\n".join(crashes)
