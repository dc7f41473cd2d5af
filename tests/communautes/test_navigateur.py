"""Journeys in a real browser (Chromium): a manager joins a community on a phone, registers
to a bulle and shares a note that an outsider never sees; a partner reads the registrations
of the session their network co-organises. Accessibility checked with axe-core."""

import datetime

import pytest
from django.utils import timezone

from communautes.models import BulleDialogue, CoOrganisation
from tests.browser.conftest import check_accessibility, login, screenshot
from tests.factories import PASSWORD, OrganisationFactory, ThematiqueFactory, UserFactory

from .factories import ContactPartenaireFactory, ParticipationFactory, SeanceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_joins_registers_to_a_bulle_and_shares_a_note_on_a_phone(phone_page, live_server):
    page = phone_page
    theme = ThematiqueFactory(nom="Management et posture de direction")
    passee = SeanceFactory(
        titre="Manager en temps de crise",
        date=timezone.localdate() - datetime.timedelta(days=40),
        thematiques=[theme],
    )
    communaute = passee.communaute
    communaute.nom = "Communauté apprenante virtuelle"
    communaute.save()
    seance = SeanceFactory(
        communaute=communaute,
        titre="Bulle de dialogue des dirigeant·es",
        type="bulle_dialogue",
        capacite=8,
        thematiques=[theme],
    )
    BulleDialogue.objects.create(seance=seance)
    organisation = OrganisationFactory(nom="Maillage")
    UserFactory(email="dirigeante@maillage.example", pilote_de=organisation)
    UserFactory(email="curieux@exemple.org")

    login(page, live_server, "dirigeante@maillage.example", PASSWORD)
    page.goto(f"{live_server.url}/communautes/")
    check_accessibility(page)
    page.get_by_role("link", name="Communauté apprenante virtuelle").click()
    assert page.get_by_role("img", name="Thématiques abordées par semestre").is_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Rejoindre la communauté").click()
    assert page.get_by_text("Bienvenue dans la communauté").is_visible()

    page.get_by_role("link", name="Bulle de dialogue des dirigeant·es").click()
    page.get_by_role("button", name="M'inscrire").click()
    assert page.get_by_text("Vous êtes inscrit·e à la séance.").is_visible()
    page.get_by_label("Texte").fill("Comment partager la fonction employeur avec le bureau ?")
    page.get_by_role("button", name="Ajouter").click()
    assert page.get_by_text("Comment partager la fonction employeur").is_visible()
    check_accessibility(page)
    screenshot(page, "communautes-bulle-telephone")

    page.context.clear_cookies()
    login(page, live_server, "curieux@exemple.org", PASSWORD)
    page.goto(f"{live_server.url}/communautes/seances/{seance.pk}/")
    assert page.get_by_text("ce qui se dit dans la bulle reste dans la bulle", exact=False).count()
    assert page.get_by_text("Comment partager la fonction employeur").count() == 0


def test_a_partner_reads_the_registrations_of_a_co_organised_session(page, live_server):
    contact = ContactPartenaireFactory(
        personne=UserFactory(email="contact@mres.example"), reseau__nom="MRES"
    )
    seance = SeanceFactory(titre="MRES : télétravail et bien-être", type="rencontre_thematique")
    CoOrganisation.objects.create(seance=seance, reseau=contact.reseau)
    ParticipationFactory(
        seance=seance, personne=UserFactory(first_name="Adèle", last_name="Courtin")
    )
    login(page, live_server, "contact@mres.example", PASSWORD)
    page.goto(f"{live_server.url}/partenaire/")
    check_accessibility(page)
    page.get_by_role("link", name="Inscriptions à MRES : télétravail et bien-être").click()
    assert page.get_by_role("rowheader", name="Adèle Courtin").is_visible()
    check_accessibility(page)
    screenshot(page, "communautes-partenaire-inscriptions")
