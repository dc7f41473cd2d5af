"""The resource library: visibility, files served only after the rule, checked uploads."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accompagnateurs.models import Accompagnateur
from outils.vitrine.models import EpingleRessource, Ressource
from tests.factories import OrganisationFactory, ThematiqueFactory, UserFactory
from tests.vitrine.conftest import texte
from tests.vitrine.factories import PDF, RessourceFactory

pytestmark = pytest.mark.django_db


def _coach():
    user = UserFactory()
    Accompagnateur.objects.create(user=user, entree="2019-01-01")
    return user


def _fichiers_stockes() -> list[Path]:
    racine = Path(settings.PRIVATE_MEDIA_ROOT)
    return [p for p in racine.rglob("*") if p.is_file()] if racine.exists() else []


def _docx() -> bytes:
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return tampon.getvalue()


def _formulaire(**kwargs):
    return {
        "titre": "Modèle de fiche de poste",
        "resume": "Un modèle à adapter.",
        "forme": "fichier",
        "type": "modele",
        "visibilite": "membres",
        "auteur_libre": "Apes",
        "date_publication": "2021-05-01",
        "licence": "cc-by-sa",
        "statut": "publiee",
        "lien": "",
        "contenu": "",
        **kwargs,
    }


# ------------------------------------------------------------------ who sees what


def test_visitors_see_public_resources_and_members_see_more(client):
    RessourceFactory(titre="Fiche publique")
    RessourceFactory(titre="Fiche réservée", membres=True)
    RessourceFactory(titre="Fiche en brouillon", brouillon=True)
    html = client.get(reverse("vitrine:ressources")).content.decode()
    assert "Fiche publique" in html
    assert "Fiche réservée" not in html and "Fiche en brouillon" not in html
    assert "réservée aux structures accompagnées" in texte(
        client.get(reverse("vitrine:ressources"))
    )

    client.force_login(UserFactory(membre_de=OrganisationFactory()))
    html = client.get(reverse("vitrine:ressources")).content.decode()
    assert "Fiche réservée" in html and "Fiche en brouillon" not in html

    client.force_login(UserFactory(chargee=True))
    html = client.get(reverse("vitrine:ressources")).content.decode()
    assert "Fiche en brouillon" in html


def test_a_person_without_any_role_is_not_a_member(client):
    ressource = RessourceFactory(membres=True, fichier_pdf=True)
    client.force_login(UserFactory())
    assert client.get(ressource.get_absolute_url()).status_code == 404
    assert client.get(reverse("vitrine:ressource_fichier", args=[ressource.pk])).status_code == 404


def test_members_only_files_are_unreachable_anonymously_even_knowing_the_urls(client):
    ressource = RessourceFactory(membres=True, fichier_pdf=True)
    login = reverse(settings.LOGIN_URL)
    for url in (
        ressource.get_absolute_url(),
        reverse("vitrine:ressource_fichier", args=[ressource.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(login)
        assert PDF not in response.content
    # The stored path is not published anywhere either.
    nom = ressource.fichier.name
    for url in (f"/{nom}", f"/media/{nom}", f"/prive/{nom}", f"/static/{nom}"):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert PDF not in response.content
    with pytest.raises(NotImplementedError):
        ressource.fichier.url  # noqa: B018  (private storage has no URL)


def test_drafts_stay_hidden_even_from_members(client):
    brouillon = RessourceFactory(brouillon=True, membres=True, fichier_pdf=True)
    assert client.get(reverse("vitrine:ressource_fichier", args=[brouillon.pk])).status_code == 404
    client.force_login(UserFactory(pilote_de=OrganisationFactory()))
    assert client.get(brouillon.get_absolute_url()).status_code == 404
    assert client.get(reverse("vitrine:ressource_fichier", args=[brouillon.pk])).status_code == 404


def test_the_queryset_agrees_with_the_rule(monde):
    from apes_rh.perms import can

    ressources = [
        RessourceFactory(),
        RessourceFactory(membres=True),
        RessourceFactory(brouillon=True),
        RessourceFactory(brouillon=True, cree_par=monde.users["accompagnateur"]),
    ]
    for role, user in monde.users.items():
        from django.contrib.auth.models import AnonymousUser

        personne = user or AnonymousUser()
        visibles = set(Ressource.objects.visibles_par(personne).values_list("pk", flat=True))
        for ressource in ressources:
            attendu = can(personne, "vitrine.ressource.voir", ressource)
            assert (ressource.pk in visibles) == attendu, (role, ressource)


def test_a_member_downloads_a_file_and_it_is_counted(client):
    ressource = RessourceFactory(membres=True, fichier_pdf=True)
    client.force_login(UserFactory(membre_de=OrganisationFactory()))
    response = client.get(reverse("vitrine:ressource_fichier", args=[ressource.pk]))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "private" in response["Cache-Control"]
    ressource.refresh_from_db()
    assert ressource.telechargements == 1


def test_a_public_file_is_served_to_anyone(client):
    ressource = RessourceFactory(fichier_pdf=True)
    response = client.get(reverse("vitrine:ressource_fichier", args=[ressource.pk]))
    assert response.status_code == 200 and response.content == PDF
    assert "public" in response["Cache-Control"]


def test_a_resource_without_file_has_no_download(client):
    ressource = RessourceFactory()
    assert client.get(reverse("vitrine:ressource_fichier", args=[ressource.pk])).status_code == 404


# ------------------------------------------------------------------ uploads


def test_the_team_uploads_a_checked_file(client):
    client.force_login(UserFactory(chargee=True))
    fichier = SimpleUploadedFile("Fiche de poste.docx", _docx())
    response = client.post(reverse("vitrine:ressource_creer"), _formulaire(fichier=fichier))
    assert response.status_code == 302
    ressource = Ressource.objects.get()
    assert ressource.fichier_nom == "Fiche de poste.docx"
    assert ressource.fichier_type_mime.endswith("wordprocessingml.document")
    assert ressource.fichier.name.startswith("vitrine/ressources/")
    assert len(_fichiers_stockes()) == 1


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("fiche.pdf", b"<html><script>alert(1)</script></html>", "ne correspond pas"),
        ("fiche.docx", b"PK\x03\x04 pas un vrai zip", "ne correspond pas"),
        ("image.png", PDF, "ne correspond pas"),
        ("page.html", b"<html></html>", "n'est pas accepté"),
        ("dessin.svg", b"<svg onload='alert(1)'/>", "n'est pas accepté"),
        ("programme.exe", b"MZ\x90\x00", "n'est pas accepté"),
        ("notes.txt", b"<script>alert(1)</script>", "ne correspond pas"),
        ("vide.pdf", b"", "vide"),
    ],
)
def test_uploads_are_checked_by_content(client, nom, contenu, message):
    client.force_login(UserFactory(chargee=True))
    response = client.post(
        reverse("vitrine:ressource_creer"),
        _formulaire(fichier=SimpleUploadedFile(nom, contenu)),
    )
    assert response.status_code == 400
    erreurs = " ".join(response.context["form"].errors.get("fichier", []))
    assert message in erreurs
    assert not Ressource.objects.exists()
    assert _fichiers_stockes() == []


def test_uploads_are_checked_by_size(client, settings):
    settings.VITRINE_TAILLE_MAX_FICHIER = 1024
    client.force_login(UserFactory(chargee=True))
    gros = SimpleUploadedFile("gros.pdf", PDF + b"0" * 2048)
    response = client.post(reverse("vitrine:ressource_creer"), _formulaire(fichier=gros))
    assert response.status_code == 400
    assert "trop volumineux" in response.context["form"].errors["fichier"][0]
    assert not Ressource.objects.exists()


def test_each_form_of_resource_asks_for_its_content_in_french(client):
    client.force_login(UserFactory(chargee=True))
    erreurs = client.post(reverse("vitrine:ressource_creer"), _formulaire()).context["form"].errors
    assert erreurs["fichier"] == ["Joignez le fichier à télécharger."]
    erreurs = (
        client.post(reverse("vitrine:ressource_creer"), _formulaire(forme="lien"))
        .context["form"]
        .errors
    )
    assert erreurs["lien"] == ["Indiquez l'adresse du lien."]
    erreurs = (
        client.post(
            reverse("vitrine:ressource_creer"),
            _formulaire(forme="lien", type="video", lien="https://example.org/video"),
        )
        .context["form"]
        .errors
    )
    assert "YouTube ou Vimeo" in erreurs["lien"][0]
    erreurs = (
        client.post(
            reverse("vitrine:ressource_creer"), _formulaire(forme="article", auteur_libre="")
        )
        .context["form"]
        .errors
    )
    assert erreurs["contenu"] == ["Écrivez le texte de l'article."]
    assert erreurs["auteur_libre"] == ["Indiquez l'auteur·e ou la source de la ressource."]
    assert not Ressource.objects.exists()


def test_a_video_resource_is_embedded_without_cookies(client):
    ressource = RessourceFactory(
        forme="lien", type="video", lien="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    html = client.get(ressource.get_absolute_url()).content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'title="Vidéo : ' in html


def test_replacing_or_deleting_a_file_removes_the_stored_one(
    client, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(chargee=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("vitrine:ressource_creer"),
            _formulaire(fichier=SimpleUploadedFile("a.pdf", PDF)),
        )
    ressource = Ressource.objects.get()
    premier = ressource.fichier.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("vitrine:ressource_modifier", args=[ressource.pk]),
            _formulaire(fichier=SimpleUploadedFile("b.pdf", PDF)),
        )
    ressource.refresh_from_db()
    assert ressource.fichier.name != premier
    assert [p.name for p in _fichiers_stockes()] == ["b.pdf"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("vitrine:ressource_supprimer", args=[ressource.pk]))
    assert not Ressource.objects.exists()
    assert _fichiers_stockes() == []


# ------------------------------------------------------------------ coaches propose


def test_a_coach_proposes_a_resource_that_the_team_publishes(
    client, django_capture_on_commit_callbacks
):
    coach = _coach()
    client.force_login(coach)
    data = _formulaire(forme="article", contenu="Un texte.", statut="publiee", statut_propose="on")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("vitrine:ressource_creer"), data)
    ressource = Ressource.objects.get()
    assert ressource.statut == "proposee"  # a coach cannot publish
    assert [m.to for m in mail.outbox] == [[settings.EQUIPE_EMAIL]]
    assert client.get(ressource.get_absolute_url()).status_code == 200
    assert ressource in client.get(reverse("vitrine:ressources_propositions")).context["page"]
    client.logout()
    assert client.get(ressource.get_absolute_url()).status_code == 404

    client.force_login(UserFactory(chargee=True))
    assert client.get(reverse("vitrine:ressources")).context["propositions"] == 1
    client.post(
        reverse("vitrine:ressource_modifier", args=[ressource.pk]),
        _formulaire(forme="article", contenu="Un texte.", statut="publiee"),
    )
    ressource.refresh_from_db()
    assert ressource.statut == "publiee"
    client.force_login(coach)
    assert client.get(reverse("vitrine:ressource_modifier", args=[ressource.pk])).status_code == 403


def test_members_cannot_add_resources(client):
    client.force_login(UserFactory(pilote_de=OrganisationFactory()))
    assert client.get(reverse("vitrine:ressource_creer")).status_code == 403


# ------------------------------------------------------------------ search and filters


def test_search_and_filters_narrow_the_list(client):
    recrutement = ThematiqueFactory(nom="Recrutement")
    RessourceFactory(titre="Grille d'entretien d'embauche", thematiques=[recrutement])
    RessourceFactory(titre="Fiche DUERP", type="guide", contenu="document unique")
    RessourceFactory(titre="Autre")

    def titres(**params):
        return {r.titre for r in client.get(reverse("vitrine:ressources"), params).context["page"]}

    assert titres(q="entretien embauche") == {"Grille d'entretien d'embauche"}
    assert titres(q="document unique") == {"Fiche DUERP"}
    assert titres(q="recrutement") == {"Grille d'entretien d'embauche"}
    assert titres(thematique=recrutement.pk) == {"Grille d'entretien d'embauche"}
    assert titres(type="guide") == {"Fiche DUERP"}
    assert titres(tri="titre") == {"Autre", "Fiche DUERP", "Grille d'entretien d'embauche"}


def test_an_htmx_request_gets_the_results_fragment(client):
    RessourceFactory(titre="Fiche publique")
    response = client.get(reverse("vitrine:ressources"), {"q": "fiche"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Fiche publique" in html and "<html" not in html


def test_the_library_paginates(client):
    RessourceFactory.create_batch(15)
    page = client.get(reverse("vitrine:ressources")).context["page"]
    assert len(page.object_list) == 12 and page.paginator.num_pages == 2
    assert len(client.get(reverse("vitrine:ressources"), {"page": 2}).context["page"]) == 3


@pytest.mark.parametrize("role", ["anonyme", "membre", "chargee"])
def test_library_queries_do_not_grow_with_the_resources(client, nb_requetes, role):
    if role == "membre":
        client.force_login(UserFactory(membre_de=OrganisationFactory()))
    elif role == "chargee":
        client.force_login(UserFactory(chargee=True))

    def peupler(n):
        for _ in range(n):
            ressource = RessourceFactory(auteur=UserFactory())
            ressource.thematiques.add(*ThematiqueFactory.create_batch(2))
            RessourceFactory(membres=True, fichier_pdf=True)

    peupler(2)
    petit = nb_requetes(lambda: client.get(reverse("vitrine:ressources")))
    avec_filtre = nb_requetes(lambda: client.get(reverse("vitrine:ressources"), {"q": "Ressource"}))
    peupler(20)
    assert nb_requetes(lambda: client.get(reverse("vitrine:ressources"))) == petit
    assert (
        nb_requetes(lambda: client.get(reverse("vitrine:ressources"), {"q": "Ressource"}))
        == avec_filtre
    )


# ------------------------------------------------------------------ pins


def test_a_pilot_pins_a_resource_for_their_organisation(client):
    organisation = OrganisationFactory(nom="Maillage")
    pilote = UserFactory(pilote_de=organisation)
    ressource = RessourceFactory()
    client.force_login(pilote)
    assert client.get(ressource.get_absolute_url()).context["epingle_form"] is not None
    response = client.post(
        reverse("vitrine:ressource_epingler", args=[ressource.pk]),
        {"organisation": organisation.pk, "note": "Pour les entretiens de mars"},
    )
    assert response.status_code == 302
    epingle = EpingleRessource.objects.get()
    assert (epingle.organisation, epingle.note, epingle.epinglee_par) == (
        organisation,
        "Pour les entretiens de mars",
        pilote,
    )
    assert epingle in client.get(reverse("vitrine:epingles")).context["page"]
    # Pinning twice keeps one pin.
    client.post(
        reverse("vitrine:ressource_epingler", args=[ressource.pk]),
        {"organisation": organisation.pk},
    )
    assert EpingleRessource.objects.count() == 1


def test_pins_are_for_pilots_of_their_own_organisation(client):
    organisation, autre = OrganisationFactory(), OrganisationFactory()
    ressource = RessourceFactory()
    client.force_login(UserFactory(membre_de=organisation))
    response = client.post(
        reverse("vitrine:ressource_epingler", args=[ressource.pk]),
        {"organisation": organisation.pk},
    )
    assert response.status_code == 403
    client.force_login(UserFactory(pilote_de=organisation))
    client.post(
        reverse("vitrine:ressource_epingler", args=[ressource.pk]), {"organisation": autre.pk}
    )
    assert not EpingleRessource.objects.exists()
    epingle = EpingleRessource.objects.create(ressource=ressource, organisation=autre)
    assert client.post(reverse("vitrine:epingle_retirer", args=[epingle.pk])).status_code == 404
    assert EpingleRessource.objects.exists()


def test_bad_filter_values_never_break_the_page(client):
    RessourceFactory(titre="Fiche publique")
    for params in ({"thematique": "abc"}, {"type": "inconnu"}, {"page": "zz"}, {"tri": "pirate"}):
        response = client.get(reverse("vitrine:ressources"), params)
        assert response.status_code == 200, params
