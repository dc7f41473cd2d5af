"""Journey 3: a coach records three half-days on a phone and submits them; the team validates
them in bulk (issue 9)."""

import datetime
import time

import pytest

from accompagnateurs.enums import StatutDemiJournee
from accompagnateurs.models import DemiJournee
from tests.accompagnateurs.factories import AccompagnateurFactory, MissionFactory
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import PASSWORD, OrganisationFactory, ThematiqueFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def code_totp(user) -> str:
    """The current code of the person's authenticator app."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    secret = Authenticator.objects.get(user=user, type="totp").wrap().instance.data["secret"]
    return format_hotp_value(hotp_value(decrypt(secret), int(time.time()) // 30))


def login_equipe(page, live_server, user) -> None:
    """The team logs in with e-mail, password, then the code of the authenticator app."""
    login(page, live_server, user.email, PASSWORD)
    page.wait_for_url("**/2fa/authenticate/**")
    check_accessibility(page)
    page.get_by_label("Code").fill(code_totp(user))
    page.get_by_role("button", name="Connexion").click()
    # Wait until the code is accepted: a navigation started before would cancel the login.
    page.wait_for_url(lambda url: "/2fa/" not in url)


def _saisir(page, *, jour: datetime.date, organisation: str, n: int, theme: str, notes: str):
    page.get_by_label("Date").fill(jour.isoformat())
    page.get_by_label("Organisation", exact=True).select_option(label=organisation)
    page.get_by_label("Nombre de demi-journées").fill(str(n))
    page.get_by_label("Appui individuel").check()
    page.get_by_label("Thématique").select_option(label=theme)
    page.get_by_label("Notes").fill(notes)


def test_a_coach_records_three_half_days_on_a_phone_and_the_team_validates_them(
    phone_page, live_server
):
    page = phone_page
    theme = ThematiqueFactory(nom="Recrutement et intégration")
    coach = AccompagnateurFactory(
        user=UserFactory(email="coach@pool.example", first_name="Ludovic", last_name="Carlier")
    )
    jardins = OrganisationFactory(nom="Les Jardins de Moulins")
    toupie = OrganisationFactory(nom="Ludothèque La Toupie")
    for organisation in (jardins, toupie):
        MissionFactory(
            accompagnateur=coach,
            organisation=organisation,
            thematique=theme,
            budget_demi_journees=6,
            debut=datetime.date(2025, 1, 1),
        )
    chargee = UserFactory(email="camille@apes.example", chargee=True)
    hier = datetime.date.today() - datetime.timedelta(days=1)

    # The coach, on a phone: three records, as drafts, then one submission.
    login(page, live_server, "coach@pool.example", PASSWORD)
    page.goto(live_server.url + "/accompagnateur/")
    assert page.get_by_role("heading", name="Mes accompagnements").is_visible()
    check_accessibility(page)
    page.get_by_role("link", name="+ Saisir une demi-journée").click()
    page.wait_for_url("**/demi-journees/nouvelle/")
    check_accessibility(page)
    saisies = [
        (hier - datetime.timedelta(days=14), "Les Jardins de Moulins", 2, "Fiche de poste"),
        (hier - datetime.timedelta(days=7), "Ludothèque La Toupie", 1, "Entretien d'embauche"),
        (hier, "Les Jardins de Moulins", 1, "Intégration de la nouvelle salariée"),
    ]
    for i, (jour, organisation, n, notes) in enumerate(saisies):
        _saisir(page, jour=jour, organisation=organisation, n=n, theme=theme.nom, notes=notes)
        if i < len(saisies) - 1:
            page.get_by_role("button", name="Brouillon et saisir une autre").click()
            page.wait_for_url("**/demi-journees/nouvelle/")
            assert page.get_by_text("Demi-journée enregistrée en brouillon.").is_visible()
        else:
            page.get_by_role("button", name="Garder en brouillon").click()
            page.wait_for_url("**/accompagnateur/")
    a_soumettre = page.get_by_role("region", name="À soumettre").or_(
        page.locator("section[aria-labelledby=a-soumettre]")
    )
    assert a_soumettre.first.get_by_role("row").count() == 4  # header + 3 records
    check_accessibility(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Soumettre les relevés cochés à l'équipe").click()
    assert page.get_by_text("3 relevé(s) soumis à l'équipe pour validation.").is_visible()
    assert set(DemiJournee.objects.values_list("statut", flat=True)) == {StatutDemiJournee.SOUMISE}

    # The team, on a desktop: one screen, everything checked at once, validated.
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login_equipe(page, live_server, chargee)
    page.goto(live_server.url + "/equipe/")
    check_accessibility(page)
    page.get_by_role("link", name="Demi-journées à valider").click()
    page.wait_for_url("**/pool/demi-journees/")
    check_accessibility(page)
    assert page.get_by_role("cell", name="Ludothèque La Toupie").is_visible()
    page.get_by_label("Tout cocher").check()
    assert page.locator("input[name=ids]:checked").count() == 3
    with page.expect_navigation():
        page.get_by_role("button", name="Valider", exact=True).click()
    assert page.get_by_text("3 relevé(s) validé(s).").is_visible()
    assert page.get_by_text("Aucune demi-journée en attente de validation.").is_visible()
    check_accessibility(page)
    screenshot(page, "parcours-3-validation-en-lot")

    releves = DemiJournee.objects.order_by("date")
    assert [r.statut for r in releves] == [StatutDemiJournee.VALIDEE] * 3
    assert [r.demi_journees for r in releves] == [2, 1, 1]
    assert all(r.traitee_par == chargee for r in releves)
