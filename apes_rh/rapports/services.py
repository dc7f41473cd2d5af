"""Writes of the reports and imports: generated reports (frozen), web imports, and handing
work to Celery without losing anything when the broker is down."""

import datetime as dt
import logging
import shutil
import uuid
from pathlib import Path

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone

from ..models import Financeur, ImportActivite, RapportGenere, Territoire
from ..stockage import stockage_prive
from .enums import FormatRapport, StatutImport, StatutRapport
from .perimetre import Perimetre

logger = logging.getLogger(__name__)

DELAI_REPRISE = dt.timedelta(minutes=30)  # a production "in progress" longer than this died

MESSAGE_SERVICE_INDISPONIBLE = (
    "Le service de production est momentanément indisponible. Votre demande est enregistrée "
    "et sera traitée automatiquement dès son retour : rien n'est perdu."
)


def _erreurs_broker() -> tuple:
    from kombu.exceptions import OperationalError as KombuOperationalError

    erreurs = [KombuOperationalError, ConnectionError, OSError, TimeoutError]
    try:
        from redis.exceptions import RedisError

        erreurs.append(RedisError)
    except ImportError:  # pragma: no cover - redis is a dependency
        pass
    return tuple(erreurs)


def confier(tache, objet) -> bool:
    """Hands `objet` (a RapportGenere or ImportActivite) to its Celery task. False when the
    broker refused it: the row stays pending and `relancer_en_attente` sends it later."""
    from ..celery import app

    try:
        if app.conf.task_always_eager:
            tache.apply_async((objet.pk,))
        else:
            # Fail fast when the broker is down (kombu would otherwise retry for seconds).
            with app.connection_for_write() as connexion:
                connexion.ensure_connection(max_retries=1, interval_start=0, interval_step=0.1)
                tache.apply_async((objet.pk,), connection=connexion, retry=False)
    except _erreurs_broker() as exc:
        logger.warning("Broker indisponible pour %s %s : %s", type(objet).__name__, objet.pk, exc)
        return False
    type(objet).objects.filter(pk=objet.pk).update(tache_envoyee=True)
    objet.tache_envoyee = True
    return True


# -- reports --------------------------------------------------------------------------------


def perimetre_de(rapport: RapportGenere) -> Perimetre:
    if rapport.financeur_id:
        return Perimetre.de_financeur(rapport.financeur, territoire=rapport.territoire)
    if rapport.territoire_id:
        return Perimetre.de_territoire(rapport.territoire)
    return Perimetre.tout()


def rapport_demander(
    *,
    demande_par,
    du: dt.date,
    au: dt.date,
    financeur: Financeur | None = None,
    territoire: Territoire | None = None,
    format: str = FormatRapport.PDF,
) -> tuple[RapportGenere, bool]:
    """Records the request and hands it to Celery. Returns (report, accepted by the broker)."""
    from ..tasks import generer_rapport

    rapport = RapportGenere(
        demande_par=demande_par,
        du=du,
        au=au,
        financeur=financeur,
        territoire=territoire,
        format=format,
    )
    rapport.perimetre = perimetre_de(rapport).libelle[:255]
    rapport.save()
    return rapport, confier(generer_rapport, rapport)


def _progression(rapport_id: int, pourcentage: int, etape: str) -> None:
    RapportGenere.objects.filter(pk=rapport_id).update(progression=pourcentage, etape=etape)


def rapport_produire(*, rapport_id: int) -> str:
    """Computes the figures once, freezes them and builds the file (Celery task)."""
    maintenant = timezone.now()
    pris = (
        RapportGenere.objects.filter(pk=rapport_id)
        .filter(
            Q(statut=StatutRapport.EN_ATTENTE)
            | Q(statut=StatutRapport.EN_COURS, commence_le__lt=maintenant - DELAI_REPRISE)
        )
        .update(
            statut=StatutRapport.EN_COURS,
            commence_le=maintenant,
            progression=5,
            etape="Calcul des chiffres",
            tache_envoyee=True,
        )
    )
    if not pris:
        return "déjà traité"  # a duplicate delivery, or another worker has it
    rapport = RapportGenere.objects.select_related("financeur", "territoire").get(pk=rapport_id)
    try:
        from .calculs import donnees_completes

        donnees = donnees_completes(rapport.du, rapport.au, perimetre_de(rapport))
        _progression(rapport.pk, 35, "Mise en page du document")
        contenu = produire_fichier(donnees, rapport.format)
        _progression(rapport.pk, 90, "Enregistrement")
        rapport.fichier.save(rapport.nom_fichier, ContentFile(contenu), save=False)
        RapportGenere.objects.filter(pk=rapport.pk).update(
            fichier=rapport.fichier.name,
            donnees=donnees,
            donnees_au=dt.datetime.fromisoformat(donnees["donnees_au"]),
            statut=StatutRapport.PRET,
            progression=100,
            etape="Prêt",
            termine_le=timezone.now(),
            erreur="",
        )
    except Exception as exc:
        logger.exception("Rapport %s non produit", rapport_id)
        RapportGenere.objects.filter(pk=rapport_id).update(
            statut=StatutRapport.ECHEC,
            etape="Échec",
            erreur=f"{type(exc).__name__} : {exc}"[:2000],
            termine_le=timezone.now(),
        )
        return "échec"  # recorded on the row; retrying would fail the same way
    return "prêt"


def produire_fichier(donnees: dict, format: str) -> bytes:
    from . import exports

    if format == FormatRapport.PDF:
        from .pdf import construire_pdf

        return construire_pdf(donnees)
    if format == FormatRapport.XLSX:
        return exports.xlsx(donnees)
    if format == FormatRapport.CSV:
        return exports.csv_octets(donnees)
    return exports.json_octets(donnees)


def rapport_relancer(*, rapport: RapportGenere) -> bool:
    """The team or the requester asks again for a report that failed or is still pending."""
    from ..tasks import generer_rapport

    RapportGenere.objects.filter(
        pk=rapport.pk, statut__in=[StatutRapport.ECHEC, StatutRapport.EN_ATTENTE]
    ).update(statut=StatutRapport.EN_ATTENTE, progression=0, etape="", erreur="")
    rapport.refresh_from_db()
    return confier(generer_rapport, rapport)


# -- web imports ------------------------------------------------------------------------------


def _cle_progression(imp: ImportActivite) -> str:
    # The storage folder (a uuid) keeps keys unique even across databases sharing a cache.
    return f"apes_rh:import:{imp.pk}:{imp.dossier}:progression"


def progression_import(imp: ImportActivite) -> dict:
    """Progress of a running import. The import runs in one transaction, so its progress
    goes through the cache (a dead cache only hides the bar)."""
    if not imp.en_cours:
        return {"pourcentage": 100, "etape": imp.get_statut_display()}
    valeur = cache.get(_cle_progression(imp)) or {}
    return {"pourcentage": valeur.get("pourcentage", 0), "etape": valeur.get("etape", "")}


def _suivre(imp: ImportActivite, prefixe: str):
    dernier = {"p": -1}

    def progression(fait: int, total: int, etape: str) -> None:
        pourcentage = int(100 * fait / total) if total else 100
        if pourcentage != dernier["p"]:
            dernier["p"] = pourcentage
            cache.set(
                _cle_progression(imp),
                {"pourcentage": pourcentage, "etape": f"{prefixe} : {etape}"},
                3600,
            )

    return progression


def import_deposer(*, cree_par, fichiers: list[tuple[str, bytes]]) -> tuple[ImportActivite, bool]:
    """Stores the uploaded files privately and asks for their verification (dry run)."""
    from ..tasks import verifier_import

    dossier = f"imports/{timezone.now():%Y}/{uuid.uuid4().hex}"
    noms = []
    for nom, contenu in fichiers:
        nom_sur = Path(nom).name.replace("/", "_")[:100] or "fichier"
        stockage_prive().save(f"{dossier}/{nom_sur}", ContentFile(contenu))
        noms.append(nom_sur)
    imp = ImportActivite.objects.create(
        cree_par=cree_par,
        fichiers=noms,
        dossier=dossier,
        statut=StatutImport.ANALYSE,
        etape="En attente de vérification",
    )
    return imp, confier(verifier_import, imp)


def _lire_fichiers(imp: ImportActivite) -> list[tuple[str, bytes]]:
    fichiers = []
    for nom in imp.fichiers:
        with stockage_prive().open(f"{imp.dossier}/{nom}", "rb") as f:
            fichiers.append((nom, f.read()))
    return fichiers


def _supprimer_fichiers(imp: ImportActivite) -> None:
    """The spreadsheets hold personal data: they are not kept once the import is over."""
    if imp.dossier:
        shutil.rmtree(Path(stockage_prive().location) / imp.dossier, ignore_errors=True)


def import_verifier(*, import_id: int) -> str:
    """The dry run of an uploaded import (Celery task)."""
    from ..importation import importer_fichiers

    imp = ImportActivite.objects.select_related("cree_par").get(pk=import_id)
    if imp.statut != StatutImport.ANALYSE:
        return "déjà vérifié"
    try:
        resultat = importer_fichiers(
            _lire_fichiers(imp),
            dry_run=True,
            auteur=imp.cree_par,
            progression=_suivre(imp, "Vérification"),
        )
    except Exception as exc:
        logger.exception("Vérification de l'import %s impossible", import_id)
        ImportActivite.objects.filter(pk=imp.pk).update(
            statut=StatutImport.ECHEC, erreur=f"{type(exc).__name__} : {exc}"[:2000]
        )
        _supprimer_fichiers(imp)
        return "échec"
    statut = StatutImport.PRET if resultat.ok else StatutImport.REFUSE
    ImportActivite.objects.filter(pk=imp.pk, statut=StatutImport.ANALYSE).update(
        statut=statut,
        essai=resultat.as_dict(),
        lignes=resultat.lignes,
        progression=100,
        etape="",
    )
    if not resultat.ok:
        _supprimer_fichiers(imp)
    return statut


def import_confirmer(*, imp: ImportActivite, par) -> tuple[bool, bool]:
    """Starts a verified import. Returns (started now, accepted by the broker)."""
    from ..tasks import executer_import

    demarre = ImportActivite.objects.filter(pk=imp.pk, statut=StatutImport.PRET).update(
        statut=StatutImport.EN_COURS,
        confirme_par=par,
        confirme_le=timezone.now(),
        tache_envoyee=False,
        etape="En attente",
    )
    if not demarre:
        return False, True
    imp.refresh_from_db()
    return True, confier(executer_import, imp)


def import_abandonner(*, imp: ImportActivite) -> bool:
    fait = ImportActivite.objects.filter(
        pk=imp.pk, statut__in=[StatutImport.PRET, StatutImport.REFUSE]
    ).update(statut=StatutImport.ABANDONNE, termine_le=timezone.now())
    _supprimer_fichiers(imp)
    return bool(fait)


def import_executer(*, import_id: int) -> str:
    """The import itself, in one transaction (Celery task). Idempotent: a second delivery
    finds the import over, and importing the same files twice changes nothing anyway."""
    from ..importation import importer_fichiers

    imp = ImportActivite.objects.select_related("confirme_par").get(pk=import_id)
    if imp.statut != StatutImport.EN_COURS:
        return "déjà traité"
    try:
        resultat = importer_fichiers(
            _lire_fichiers(imp),
            auteur=imp.confirme_par,
            progression=_suivre(imp, "Import"),
        )
    except Exception as exc:
        logger.exception("Import %s impossible", import_id)
        ImportActivite.objects.filter(pk=imp.pk).update(
            statut=StatutImport.ECHEC,
            erreur=f"{type(exc).__name__} : {exc}"[:2000],
            termine_le=timezone.now(),
        )
        return "échec"
    ImportActivite.objects.filter(pk=imp.pk, statut=StatutImport.EN_COURS).update(
        statut=StatutImport.TERMINE if resultat.ecrit else StatutImport.ECHEC,
        resultat=resultat.as_dict(),
        lignes=resultat.lignes,
        progression=100,
        etape="",
        termine_le=timezone.now(),
    )
    _supprimer_fichiers(imp)
    return "importé" if resultat.ecrit else "refusé"


# -- relaunch ---------------------------------------------------------------------------------


def relancer_en_attente() -> dict:
    """Periodic: hands again to Celery what the broker refused (nothing is lost) and what a
    dead worker left in progress."""
    from ..tasks import executer_import, generer_rapport, verifier_import

    limite = timezone.now() - DELAI_REPRISE
    rapports = list(
        RapportGenere.objects.filter(
            Q(statut=StatutRapport.EN_ATTENTE, tache_envoyee=False)
            | Q(statut=StatutRapport.EN_COURS, commence_le__lt=limite)
        )
    )
    envoyes = {"rapports": 0, "imports": 0}
    for rapport in rapports:
        envoyes["rapports"] += confier(generer_rapport, rapport)
    for imp in ImportActivite.objects.a_relancer():
        tache = verifier_import if imp.statut == StatutImport.ANALYSE else executer_import
        envoyes["imports"] += confier(tache, imp)
    return envoyes


def effacer_personne(personne) -> None:
    """Erasure (apes_rh.donnees): reminder choices go, the sendings stay (they keep a
    reminder from going twice) without the error texts that might quote an address."""
    from ..models import EnvoiRappel, PreferenceRappel

    PreferenceRappel.objects.filter(personne=personne).delete()
    EnvoiRappel.objects.filter(destinataire=personne).exclude(erreur="").update(erreur="")
