"""Demo data of the vitrine (idempotent): theme pages and MOOC from the data files,
testimonials, resources (with real files), requests to join, MOOC progress and pins.

Run by `manage.py demo` after the 2019–2021 dataset is imported.
"""

import datetime
import io
from pathlib import Path

import yaml
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .contenus import charger_mooc, charger_themes

DEMO = Path(__file__).resolve().parent / "demo.yaml"
PILOTE_DEMO = "pilote@demo.apes-hdf.org"
MEMBRE_DEMO = "membre@demo.apes-hdf.org"
CHARGEE_DEMO = "chargee@demo.apes-hdf.org"


def charger(stdout) -> None:
    themes = charger_themes()
    mooc = charger_mooc()
    stdout.write(f"Vitrine : pages thèmes {themes} ; modules du MOOC {mooc}.")
    donnees = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    with transaction.atomic():
        n_t = _temoignages(donnees["temoignages"])
        n_r = _ressources(donnees["ressources"])
        n_d = _demandes(donnees["demandes"])
        _progression_demo()
        _epingles_demo()
    from ..etiquettes import etiqueter_criteres
    from ..referentiel import lier_thematiques
    from .chiffres import oublier_chiffres

    # Resources and lessons exist only now: tag the referential's criteria with them, so
    # that the demo spaces show recommendations (untouched criteria only: idempotent).
    lier_thematiques()  # the theme pages may have just created the HR thematiques
    n_e = etiqueter_criteres()
    stdout.write(f"Outils : {n_e} étiquette(s) de recommandation ajoutée(s) aux critères.")
    oublier_chiffres()
    stdout.write(
        f"Vitrine : {n_t} témoignage(s), {n_r} ressource(s), {n_d} demande(s) d'adhésion créés ; "
        "progression MOOC et épingles de démonstration en place."
    )


def _thematiques(noms):
    from apes_rh.models import Thematique

    return [Thematique.objects.get_or_create(nom=nom)[0] for nom in noms]


def _personne(email):
    from apes_rh.models import User

    return User.objects.filter(email=email).first() if email else None


def _organisation(nom, territoire_code, commune):
    from apes_rh.models import Territoire
    from parcours.models import Organisation

    organisation = Organisation.objects.filter(nom=nom).first()
    if organisation is None:
        territoire, _ = Territoire.objects.get_or_create(
            code=territoire_code, defaults={"nom": territoire_code}
        )
        organisation = Organisation.objects.create(nom=nom, territoire=territoire, commune=commune)
    return organisation


def _temoignages(liste) -> int:
    from parcours.models import Membre

    from .enums import StatutTemoignage
    from .models import Temoignage

    crees = 0
    equipe = _personne(CHARGEE_DEMO)
    maintenant = timezone.now()
    for t in liste:
        organisation = _organisation(t["organisation"], t["territoire"], t["commune"])
        if Temoignage.objects.filter(organisation=organisation, titre=t["titre"]).exists():
            continue
        statut = t["statut"]
        pilote = Membre.objects.actifs().pilotes().filter(organisation=organisation).first()
        temoignage = Temoignage.objects.create(
            organisation=organisation,
            titre=t["titre"],
            presentation=t.get("presentation", ""),
            personne_citee=t.get("personne_citee", ""),
            citation=t.get("citation", ""),
            situation=t["situation"],
            demarche=t["demarche"],
            resultat=t["resultat"],
            statut=statut,
            mis_en_avant=t.get("mis_en_avant", False),
            validation_requise=True,
            redige_par=equipe,
            demande_validation_le=maintenant if statut != StatutTemoignage.BROUILLON else None,
            valide_le=maintenant if statut == StatutTemoignage.PUBLIE else None,
            valide_par=pilote.personne if (pilote and statut == StatutTemoignage.PUBLIE) else None,
            publie_le=maintenant if statut == StatutTemoignage.PUBLIE else None,
        )
        temoignage.thematiques.set(_thematiques(t.get("thematiques", [])))
        crees += 1
    return crees


def _fichier_demo(nom: str) -> bytes:
    if nom.endswith(".pdf"):
        html = """<html lang="fr"><head><meta charset="utf-8"><style>
        @page { size: A4; margin: 20mm; } body { font-family: sans-serif; font-size: 11pt; }
        h1 { color: #17493d; font-size: 18pt; } li { margin: 2mm 0; }</style></head><body>
        <h1>Check-list de l'accueil d'un·e nouvel·le salarié·e</h1>
        <h2>Avant l'arrivée</h2><ul><li>☐ DPAE faite et contrat prêt à signer</li>
        <li>☐ Poste de travail, matériel et accès préparés</li><li>☐ Référent·e désigné·e</li>
        <li>☐ Planning des deux premières semaines envoyé</li></ul>
        <h2>Le premier jour</h2><ul><li>☐ Accueil par la direction et le ou la référent·e</li>
        <li>☐ Visite des locaux, présentation de l'équipe</li>
        <li>☐ Remise du livret d'accueil et du projet associatif</li></ul>
        <h2>Les premières semaines</h2><ul><li>☐ Visite d'information et de prévention demandée</li>
        <li>☐ Rencontre avec un membre du bureau</li>
        <li>☐ Points d'étape à un mois et à mi-période d'essai</li>
        <li>☐ Rapport d'étonnement demandé</li></ul>
        <p>Démarche progrès RH — Apes Hauts-de-France — licence CC BY-SA</p></body></html>"""
        from apes_rh.pdf import html_to_pdf

        return html_to_pdf(html)
    if nom.endswith(".xlsx"):
        from openpyxl import Workbook

        classeur = Workbook()
        feuille = classeur.active
        feuille.title = "Visites"
        feuille.append(
            [
                "Salarié·e",
                "Poste",
                "Date d'embauche",
                "Visite d'information et de prévention",
                "Prochaine visite périodique",
                "Visite de reprise",
                "Visite de mi-carrière",
                "Remarques",
            ]
        )
        feuille.append(
            ["Exemple : Camille D.", "Animatrice", "2021-03-01", "2021-05-10", "2026-05-10"]
        )
        sortie = io.BytesIO()
        classeur.save(sortie)
        return sortie.getvalue()
    raise ValueError(nom)


def _ressources(liste) -> int:
    from .enums import StatutRessource
    from .models import Ressource

    crees = 0
    equipe = _personne(CHARGEE_DEMO)
    for r in liste:
        if Ressource.objects.filter(titre=r["titre"]).exists():
            continue
        auteur = _personne(r.get("auteur"))
        ressource = Ressource(
            titre=r["titre"],
            resume=r["resume"],
            type=r["type"],
            forme=r["forme"],
            lien=r.get("lien", ""),
            contenu=(r.get("contenu") or "").strip(),
            visibilite=r["visibilite"],
            statut=StatutRessource.PUBLIEE,
            auteur=auteur,
            auteur_libre="" if auteur else r.get("auteur_libre", "Apes — mission RH"),
            licence=r["licence"],
            date_publication=datetime.date.fromisoformat(str(r["date"])),
            cree_par=equipe,
        )
        if r.get("fichier"):
            ressource.fichier = ContentFile(_fichier_demo(r["fichier"]), name=r["fichier"])
        ressource.full_clean(exclude=["fichier"])
        ressource.save()
        ressource.thematiques.set(_thematiques(r.get("thematiques", [])))
        crees += 1
    return crees


def _demandes(liste) -> int:
    from apes_rh.models import Territoire

    from .models import DemandeAdhesion

    crees = 0
    for d in liste:
        if DemandeAdhesion.objects.filter(
            contact_email=d["contact_email"], organisation_nom=d["organisation_nom"]
        ).exists():
            continue
        donnees = {k: v for k, v in d.items() if k not in ("territoire", "thematiques")}
        demande = DemandeAdhesion.objects.create(
            territoire=Territoire.objects.filter(code=d.get("territoire")).first(),
            accuse_envoye_le=timezone.now(),
            **donnees,
        )
        demande.thematiques.set(_thematiques(d.get("thematiques", [])))
        crees += 1
    return crees


def _progression_demo() -> None:
    """The demo member finished module 1 (badge and attestation); the pilot started module 3."""
    from .models import Module
    from .services import quiz_corriger

    membre, pilote = _personne(MEMBRE_DEMO), _personne(PILOTE_DEMO)
    for personne, code, nombre in (
        (membre, "m1-fonction-employeur", None),
        (pilote, "m3-management", 2),
    ):
        module = Module.objects.filter(code=code).first()
        if personne is None or module is None:
            continue
        lecons = list(module.lecons.publiees().prefetch_related("questions").order_by("ordre"))
        for lecon in lecons[:nombre]:
            if lecon.progressions.filter(personne=personne, terminee_le__isnull=False).exists():
                continue
            reponses = {str(q.pk): q.bonne_reponse for q in lecon.questions.all()}
            quiz_corriger(lecon=lecon, reponses=reponses, personne=personne)


def _epingles_demo() -> None:
    from parcours.models import Membre

    from .models import EpingleRessource, Ressource

    pilote = _personne(PILOTE_DEMO)
    if pilote is None:
        return
    membre = (
        Membre.objects.actifs()
        .pilotes()
        .filter(personne=pilote)
        .select_related("organisation")
        .first()
    )
    if membre is None:
        return
    for titre, note in (
        (
            "Check-list de l'accueil d'un·e nouvel·le salarié·e",
            "Pour l'arrivée de la chargée de projet en janvier",
        ),
        ("Préparer l'entretien de parcours professionnel", "Campagne d'entretiens du printemps"),
    ):
        ressource = Ressource.objects.filter(titre=titre).first()
        if ressource is not None:
            EpingleRessource.objects.get_or_create(
                ressource=ressource,
                organisation=membre.organisation,
                defaults={"note": note, "epinglee_par": pilote},
            )
