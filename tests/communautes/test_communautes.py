"""Community list and page, membership (join, request, invitation), shared resources."""

import datetime
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apes_rh.models import Invitation, Thematique
from communautes import services
from communautes.enums import StatutDemande
from communautes.models import DemandeAdhesion, MembreCommunaute, RessourceCommunaute
from communautes.statistiques import themes_dans_le_temps
from parcours.enums import StatutParticipation, TypeSeance
from tests.factories import OrganisationFactory, UserFactory

from .factories import (
    CommunauteFactory,
    MembreCommunauteFactory,
    ParticipationFactory,
    SeanceFactory,
    bulle,
)

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return user


# --- List and page ------------------------------------------------------------------------


def test_the_list_is_public_and_filters_by_type(client):
    CommunauteFactory(nom="Les virtuels", type="virtuelle")
    CommunauteFactory(nom="Les partenaires", type="partenariale")
    response = client.get(reverse("communautes:liste"))
    assert response.status_code == 200
    assert "Les virtuels" in response.text and "Les partenaires" in response.text
    response = client.get(reverse("communautes:liste"), {"type": "partenariale"})
    assert "Les partenaires" in response.text and "Les virtuels" not in response.text


def test_the_list_tells_members_they_belong(client):
    communaute = CommunauteFactory()
    membre = MembreCommunauteFactory(communaute=communaute).personne
    _login(client, membre)
    assert "Vous êtes membre" in client.get(reverse("communautes:liste")).text


def test_the_page_splits_upcoming_and_past_sessions(client):
    communaute = CommunauteFactory()
    SeanceFactory(communaute=communaute, titre="Séance à venir")
    SeanceFactory(communaute=communaute, titre="Séance passée", passee=True)
    response = client.get(reverse("communautes:communaute", args=[communaute.pk]))
    html = response.text
    prochaines = html.index("Prochaines séances")
    passees = html.index("Séances passées")
    assert prochaines < html.index("Séance à venir") < passees < html.index("Séance passée")


def test_each_visitor_sees_their_own_status_on_the_shared_session_lists(client):
    """The lists are computed once for everyone; the status badge is the visitor's own."""
    communaute = CommunauteFactory()
    prochaine = SeanceFactory(communaute=communaute, titre="Séance à venir")
    passee = SeanceFactory(communaute=communaute, titre="Séance passée", passee=True)
    inscrite = MembreCommunauteFactory(communaute=communaute).personne
    ParticipationFactory(seance=prochaine, personne=inscrite, statut=StatutParticipation.ATTENTE)
    ParticipationFactory(seance=passee, personne=inscrite, statut=StatutParticipation.PRESENT)
    url = reverse("communautes:communaute", args=[communaute.pk])
    _login(client, MembreCommunauteFactory(communaute=communaute).personne)
    html = client.get(url).text
    assert "Sur liste d'attente" not in html and 'badge text-bg-success">Présent·e' not in html
    _login(client, inscrite)
    html = client.get(url).text
    assert "Sur liste d'attente" in html and 'badge text-bg-success">Présent·e' in html


def test_members_are_visible_to_members_only(client):
    communaute = CommunauteFactory()
    membre = MembreCommunauteFactory(communaute=communaute).personne
    autre = MembreCommunauteFactory(communaute=communaute).personne
    url = reverse("communautes:communaute", args=[communaute.pk])
    assert str(autre) not in client.get(url).text
    _login(client, UserFactory())
    assert str(autre) not in client.get(url).text
    assert client.get(reverse("communautes:membres", args=[communaute.pk])).status_code == 403
    _login(client, membre)
    assert str(autre) in client.get(url).text
    assert str(autre) in client.get(reverse("communautes:membres", args=[communaute.pk])).text


def test_facilitators_and_the_team_see_members(client):
    communaute = CommunauteFactory()
    autre = MembreCommunauteFactory(communaute=communaute).personne
    animatrice = UserFactory()
    communaute.animateurs.add(animatrice)
    for user in (animatrice, UserFactory(chargee=True)):
        _login(client, user)
        assert str(autre) in client.get(reverse("communautes:membres", args=[communaute.pk])).text


def test_the_member_list_searches_by_name_and_organisation(client):
    communaute = CommunauteFactory()
    org = OrganisationFactory(nom="La Clef du permis")
    MembreCommunauteFactory(communaute=communaute, organisation=org)
    MembreCommunauteFactory(communaute=communaute, personne=UserFactory(last_name="Zorglub"))
    _login(client, UserFactory(chargee=True))
    url = reverse("communautes:membres", args=[communaute.pk])
    response = client.get(url, {"q": "clef"})
    assert "La Clef du permis" in response.text and "Zorglub" not in response.text


def test_the_themes_chart_is_inline_svg_without_style_attributes(client):
    communaute = CommunauteFactory()
    management = Thematique.objects.create(nom="Management et posture de direction")
    recrutement = Thematique.objects.create(nom="Recrutement et intégration")
    SeanceFactory(communaute=communaute, date=datetime.date(2020, 5, 7), thematiques=[management])
    SeanceFactory(communaute=communaute, date=datetime.date(2020, 5, 14), thematiques=[management])
    SeanceFactory(communaute=communaute, date=datetime.date(2021, 9, 30), thematiques=[recrutement])
    html = client.get(reverse("communautes:communaute", args=[communaute.pk])).text
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "style=" not in html
    assert "S1 2020" in svg and "S2 2020" in svg and "S1 2021" in svg and "S2 2021" in svg
    assert "Management et posture de direction — S1 2020 : 2 séances" in svg
    assert 'role="img"' in svg
    # The same figures as a table, for screen readers and to copy.
    assert "S1 2020 (2)" in html


def test_the_themes_chart_groups_by_half_year_in_one_query(django_assert_num_queries):
    communaute = CommunauteFactory()
    theme = Thematique.objects.create(nom="Coopération")
    for mois in (1, 3, 6, 7, 12):
        SeanceFactory(communaute=communaute, date=datetime.date(2021, mois, 2), thematiques=[theme])
    with django_assert_num_queries(2):  # the aggregate, the theme names
        graphique = themes_dans_le_temps(communaute)
    assert [p["n"] for p in graphique.lignes[0]["points"]] == [3, 2]


def test_a_community_without_sessions_says_so(client):
    communaute = CommunauteFactory()
    html = client.get(reverse("communautes:communaute", args=[communaute.pk])).text
    assert "Aucune séance programmée" in html and "Aucune thématique abordée" in html


def test_an_unknown_community_is_a_404(client):
    assert client.get(reverse("communautes:communaute", args=[999999])).status_code == 404


# --- Joining ------------------------------------------------------------------------------


def test_a_person_joins_an_open_community_with_their_organisation(client):
    communaute = CommunauteFactory(ouverte=True)
    org = OrganisationFactory()
    personne = _login(client, UserFactory(membre_de=org))
    response = client.post(reverse("communautes:rejoindre", args=[communaute.pk]))
    assert response.status_code == 302
    membre = MembreCommunaute.objects.get(communaute=communaute, personne=personne)
    assert membre.organisation == org
    # Joining twice is refused (already a member), nothing is duplicated.
    assert client.post(reverse("communautes:rejoindre", args=[communaute.pk])).status_code == 403
    assert MembreCommunaute.objects.filter(communaute=communaute).count() == 1


def test_a_closed_community_cannot_be_joined_directly():
    communaute = CommunauteFactory(ouverte=False)
    with pytest.raises(Exception, match="fermée"):
        services.communaute_rejoindre(communaute=communaute, personne=UserFactory())
    assert not MembreCommunaute.objects.exists()


def test_a_member_leaves(client):
    communaute = CommunauteFactory()
    membre = MembreCommunauteFactory(communaute=communaute)
    _login(client, membre.personne)
    client.post(reverse("communautes:quitter", args=[communaute.pk]))
    assert not MembreCommunaute.objects.filter(pk=membre.pk).exists()


def test_a_request_to_join_a_closed_community_is_accepted_by_the_team(
    client, django_capture_on_commit_callbacks
):
    communaute = CommunauteFactory(ouverte=False, nom="Communauté des directions")
    equipe = UserFactory(chargee=True)
    personne = _login(client, UserFactory())
    url = reverse("communautes:demander", args=[communaute.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Je dirige une petite association."})
    assert response.status_code == 302
    demande = DemandeAdhesion.objects.get()
    assert demande.statut == StatutDemande.EN_ATTENTE
    assert mail.outbox[-1].to == [equipe.email]
    # A second request while the first waits is not offered.
    assert client.get(url).status_code == 403
    page = client.get(reverse("communautes:communaute", args=[communaute.pk])).text
    assert "en attente de réponse" in page

    _login(client, equipe)
    assert "Je dirige une petite association." in client.get(reverse("communautes:demandes")).text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("communautes:demande_accepter", args=[demande.pk]))
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.ACCEPTEE and demande.traitee_par == equipe
    assert MembreCommunaute.objects.filter(communaute=communaute, personne=personne).exists()
    assert mail.outbox[-1].to == [personne.email]
    assert "Communauté des directions" in mail.outbox[-1].subject
    # Already handled: accepting again changes nothing.
    client.post(reverse("communautes:demande_accepter", args=[demande.pk]))
    assert MembreCommunaute.objects.filter(communaute=communaute).count() == 1


def test_a_refused_request_tells_the_person_why(client, django_capture_on_commit_callbacks):
    communaute = CommunauteFactory(ouverte=False)
    demande = services.adhesion_demander(communaute=communaute, personne=UserFactory())
    _login(client, UserFactory(chargee=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("communautes:demande_refuser", args=[demande.pk]),
            {"motif": "Réservée au Valenciennois"},
        )
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.REFUSEE
    assert not MembreCommunaute.objects.exists()
    assert "Réservée au Valenciennois" in mail.outbox[-1].body


def test_the_team_invites_a_new_person_into_a_community(client, django_capture_on_commit_callbacks):
    communaute = CommunauteFactory(ouverte=False, nom="Bulle des directions")
    org = OrganisationFactory()
    _login(client, UserFactory(chargee=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communautes:inviter", args=[communaute.pk]),
            {
                "email": "Nouvelle@Exemple.org",
                "first_name": "Nora",
                "last_name": "Nouvelle",
                "organisation": org.pk,
                "message": "Bienvenue !",
            },
        )
    assert response.status_code == 302
    membre = MembreCommunaute.objects.get(communaute=communaute)
    assert membre.personne.email == "nouvelle@exemple.org" and membre.organisation == org
    invitation = Invitation.objects.get(personne=membre.personne)
    assert "Bulle des directions" in invitation.message
    assert mail.outbox[-1].to == ["nouvelle@exemple.org"]
    assert "mot de passe" in mail.outbox[-1].body


def test_an_invitation_answers_a_pending_request():
    communaute = CommunauteFactory(ouverte=False)
    personne = UserFactory()
    demande = services.adhesion_demander(communaute=communaute, personne=personne)
    services.communaute_inviter(
        communaute=communaute, email=personne.email, par=UserFactory(chargee=True)
    )
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.ACCEPTEE


def test_an_invitation_with_a_bad_email_shows_a_field_error(client):
    communaute = CommunauteFactory()
    _login(client, UserFactory(chargee=True))
    response = client.post(
        reverse("communautes:inviter", args=[communaute.pk]), {"email": "pas-une-adresse"}
    )
    assert response.status_code == 200
    assert "Saisissez une adresse de courriel valide" in response.text
    assert not MembreCommunaute.objects.exists()


def test_the_team_removes_a_member(client):
    membre = MembreCommunauteFactory()
    _login(client, UserFactory(chargee=True))
    client.post(reverse("communautes:membre_retirer", args=[membre.pk]))
    assert not MembreCommunaute.objects.filter(pk=membre.pk).exists()


def test_the_team_creates_and_edits_a_community(client):
    _login(client, UserFactory(chargee=True))
    response = client.post(
        reverse("communautes:creer"),
        {"code": "virtuelle-2022", "nom": "Virtuelle 2022", "type": "virtuelle", "ouverte": "on"},
    )
    assert response.status_code == 302
    from communautes.models import Communaute

    communaute = Communaute.objects.get(code="VIRTUELLE-2022")
    response = client.post(
        reverse("communautes:modifier", args=[communaute.pk]),
        {"code": "VIRTUELLE-2022", "nom": "Virtuelle 2022", "type": "inconnu"},
    )
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.text


# --- Registration to a community session ---------------------------------------------------


def test_registering_to_an_open_community_session_joins_the_community(client):
    seance = SeanceFactory(communaute=CommunauteFactory(ouverte=True))
    personne = _login(client, UserFactory())
    client.post(reverse("communautes:inscription", args=[seance.pk]))
    assert seance.participations.get(personne=personne).statut == StatutParticipation.INSCRIT
    assert MembreCommunaute.objects.filter(personne=personne).exists()


def test_a_closed_community_session_is_for_members_only(client):
    seance = SeanceFactory(communaute=CommunauteFactory(ouverte=False))
    _login(client, UserFactory())
    assert client.post(reverse("communautes:inscription", args=[seance.pk])).status_code == 403
    assert not seance.participations.exists()


def test_a_full_session_puts_people_on_the_waiting_list_and_a_cancellation_frees_a_place(client):
    seance = SeanceFactory(capacite=1)
    premiere, seconde = UserFactory(), UserFactory()
    services.seance_inscrire(seance=seance, personne=premiere)
    p2 = services.seance_inscrire(seance=seance, personne=seconde)
    assert p2.statut == StatutParticipation.ATTENTE
    _login(client, premiere)
    client.post(reverse("communautes:desinscription", args=[seance.pk]))
    assert seance.participations.get(personne=premiere).statut == StatutParticipation.ANNULE
    assert seance.participations.get(personne=seconde).statut == StatutParticipation.INSCRIT


def test_a_past_session_takes_no_registration():
    seance = SeanceFactory(passee=True)
    with pytest.raises(Exception, match="passée"):
        services.seance_inscrire(seance=seance, personne=UserFactory())


def test_registration_uses_the_agenda_service_when_parcours_provides_it(monkeypatch):
    """The thin local service is swapped for parcours.services.participation_inscrire."""
    import importlib
    import sys
    import types

    try:
        agenda = importlib.import_module("parcours.services")
    except ImportError:  # the agenda is not merged yet: stand in for it
        agenda = types.ModuleType("parcours.services")
        monkeypatch.setitem(sys.modules, "parcours.services", agenda)

    appels = []

    def participation_inscrire(*, seance, personne, par):
        appels.append((seance, personne, par))
        return ParticipationFactory(seance=seance, personne=personne)

    monkeypatch.setattr(agenda, "participation_inscrire", participation_inscrire, raising=False)
    seance, personne = SeanceFactory(), UserFactory()
    services.seance_inscrire(seance=seance, personne=personne, par=personne)
    assert appels == [(seance, personne, personne)]


def test_the_visio_link_is_for_registered_people_only(client):
    seance = SeanceFactory(lien_visio="https://visio.example.org/secret")
    url = reverse("communautes:seance", args=[seance.pk])
    assert "visio.example.org/secret" not in client.get(url).text
    personne = _login(client, UserFactory())
    assert "visio.example.org/secret" not in client.get(url).text
    ParticipationFactory(seance=seance, personne=personne)
    assert "visio.example.org/secret" in client.get(url).text


def test_the_team_schedules_a_bulle_limited_to_eight(client):
    communaute = CommunauteFactory()
    _login(client, UserFactory(chargee=True))
    response = client.post(
        reverse("communautes:seance_creer", args=[communaute.pk]),
        {
            "titre": "Bulle de janvier",
            "type": TypeSeance.BULLE_DIALOGUE,
            "date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
            "demi_journees": 1,
        },
    )
    assert response.status_code == 302
    seance = communaute.seances.get()
    assert seance.bulle.limite == 8 and seance.capacite == 8
    assert seance.ref.startswith(communaute.code)


def test_scheduling_a_session_with_bad_input_shows_field_errors(client):
    communaute = CommunauteFactory()
    _login(client, UserFactory(chargee=True))
    response = client.post(
        reverse("communautes:seance_creer", args=[communaute.pk]),
        {
            "titre": "",
            "type": "collectif_parcours",
            "date": "31/02/2027",
            "heure_debut": "14:00",
            "heure_fin": "10:00",
            "demi_journees": 0,
        },
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.text
    assert "Sélectionnez un choix valide" in response.text
    assert not communaute.seances.exists()


def test_the_end_time_must_follow_the_start_time(client):
    communaute = CommunauteFactory()
    _login(client, UserFactory(chargee=True))
    response = client.post(
        reverse("communautes:seance_creer", args=[communaute.pk]),
        {
            "titre": "Rencontre",
            "type": TypeSeance.RENCONTRE_THEMATIQUE,
            "date": "2030-01-10",
            "heure_debut": "14:00",
            "heure_fin": "10:00",
            "demi_journees": 1,
        },
    )
    assert response.status_code == 200
    assert "heure de fin doit suivre" in response.text
    assert not communaute.seances.exists()


def test_a_bulle_of_a_community_page_lists_only_date_and_count_for_outsiders(client):
    b = bulle(titre="Bulle de février", passee=True)
    ParticipationFactory(seance=b.seance, statut=StatutParticipation.PRESENT)
    html = client.get(reverse("communautes:communaute", args=[b.seance.communaute_id])).text
    assert "Bulle de février" in html and "1 présent·e" in html


# --- Shared resources ---------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def test_a_member_shares_a_file_and_members_download_it(client):
    communaute = CommunauteFactory()
    membre = MembreCommunauteFactory(communaute=communaute).personne
    _login(client, membre)
    response = client.post(
        reverse("communautes:ressources", args=[communaute.pk]),
        {"titre": "Trame d'entretien", "fichier": SimpleUploadedFile("trame.pdf", PDF)},
    )
    assert response.status_code == 302
    ressource = RessourceCommunaute.objects.get()
    assert ressource.nature == "fichier" and ressource.taille == len(PDF)
    assert ressource.nom_fichier == "trame.pdf"
    assert "trame" not in ressource.fichier.name  # stored under a random name, privately
    url = reverse("communautes:ressource_telecharger", args=[ressource.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert 'filename="trame.pdf"' in response["Content-Disposition"]
    _login(client, UserFactory())
    assert client.get(url).status_code == 404


def test_a_member_shares_a_link(client):
    communaute = CommunauteFactory()
    _login(client, MembreCommunauteFactory(communaute=communaute).personne)
    client.post(
        reverse("communautes:ressources", args=[communaute.pk]),
        {"titre": "Guide CSESS", "url": "https://www.ess-france.org/guide"},
    )
    ressource = RessourceCommunaute.objects.get()
    assert ressource.nature == "lien"
    html = client.get(reverse("communautes:communaute", args=[communaute.pk])).text
    assert "https://www.ess-france.org/guide" in html


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "ce type de fichier n&#x27;est pas accepté"),
        ("faux.pdf", b"<html>pas un pdf</html>", "ne correspond pas à son extension"),
        ("image.png", PDF, "ne correspond pas à son extension"),
        ("vide.pdf", b"", "Le fichier soumis est vide"),
    ],
)
def test_a_file_of_a_bad_type_is_refused_with_a_field_message(client, nom, contenu, message):
    communaute = CommunauteFactory()
    _login(client, MembreCommunauteFactory(communaute=communaute).personne)
    response = client.post(
        reverse("communautes:ressources", args=[communaute.pk]),
        {"titre": "Fichier", "fichier": SimpleUploadedFile(nom, contenu)},
    )
    assert response.status_code == 200
    assert message in response.text
    assert not RessourceCommunaute.objects.exists()


def test_a_file_too_large_is_refused(client, settings):
    from communautes import fichiers

    communaute = CommunauteFactory()
    _login(client, MembreCommunauteFactory(communaute=communaute).personne)
    gros = PDF + b"0" * (fichiers.TAILLE_MAX + 1)
    response = client.post(
        reverse("communautes:ressources", args=[communaute.pk]),
        {"titre": "Trop gros", "fichier": SimpleUploadedFile("gros.pdf", gros)},
    )
    assert "trop volumineux" in response.text
    assert not RessourceCommunaute.objects.exists()


def test_a_resource_needs_a_link_or_a_file_not_both(client):
    communaute = CommunauteFactory()
    _login(client, MembreCommunauteFactory(communaute=communaute).personne)
    url = reverse("communautes:ressources", args=[communaute.pk])
    assert "soit un lien, soit un fichier" in client.post(url, {"titre": "Rien"}).text
    response = client.post(
        url,
        {
            "titre": "Les deux",
            "url": "https://exemple.org",
            "fichier": SimpleUploadedFile("a.pdf", PDF),
        },
    )
    assert "soit un lien, soit un fichier" in response.text
    assert not RessourceCommunaute.objects.exists()


def test_only_the_author_facilitators_and_team_remove_a_resource(client):
    communaute = CommunauteFactory()
    auteur = MembreCommunauteFactory(communaute=communaute).personne
    autre = MembreCommunauteFactory(communaute=communaute).personne
    ressource = services.ressource_ajouter(
        communaute=communaute, par=auteur, titre="Lien", url="https://exemple.org"
    )
    url = reverse("communautes:ressource_supprimer", args=[ressource.pk])
    _login(client, autre)
    assert client.post(url).status_code == 403
    _login(client, auteur)
    assert client.post(url).status_code == 302
    assert not RessourceCommunaute.objects.exists()


def test_past_sessions_page_through_htmx_as_a_fragment(client):
    communaute = CommunauteFactory()
    for i in range(12):
        SeanceFactory(
            communaute=communaute, titre=f"Passée {i:02d}", date=datetime.date(2021, 1, 1 + i)
        )
    url = reverse("communautes:communaute", args=[communaute.pk])
    response = client.get(url, {"page": 2}, headers={"HX-Request": "true"})
    assert "<html" not in response.text and 'id="seances-passees"' in response.text
    assert "Passée 00" in response.text and "Passée 11" not in response.text
    assert "<html" in client.get(url, {"page": 2}).text


def test_the_team_dashboard_has_the_community_tiles_and_the_header_a_public_link(client):
    assert 'href="/communautes/">Communautés</a>' in client.get(reverse("accueil")).text
    client.force_login(UserFactory(chargee=True))
    html = client.get(reverse("equipe_tableau")).text
    for titre in (
        "Communautés apprenantes",
        "Demandes d&#x27;adhésion",
        "Satisfaction des séances",
        "Réseaux partenaires",
    ):
        assert titre in html


def test_erasing_a_person_clears_their_request_message_and_partner_function():
    from apes_rh.donnees import personne_anonymiser

    from .factories import ContactPartenaireFactory

    communaute = CommunauteFactory(ouverte=False)
    personne = UserFactory()
    demande = services.adhesion_demander(
        communaute=communaute, personne=personne, message="Je suis Jeanne, de l'association X."
    )
    contact = ContactPartenaireFactory(personne=personne, fonction="Directrice")
    personne_anonymiser(personne=personne)
    demande.refresh_from_db()
    contact.refresh_from_db()
    assert demande.message == "" and contact.fonction == ""
    assert DemandeAdhesion.objects.filter(pk=demande.pk).exists()
