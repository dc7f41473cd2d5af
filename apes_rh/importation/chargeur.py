"""The import of DESIGN §4, on the existing models.

One transaction for everything: rows are validated and written file by file in the load order
(a later file refers to rows of an earlier one), and the transaction is rolled back at the end
when any row was bad or for a dry run, so a dry run reports exactly what a real run would do.

Bulk operations only: the referential tables are read once into dictionaries, new rows are
written with `bulk_create` (with history rows where the model keeps history) and changed rows
with `bulk_update`, so the number of queries does not depend on the number of rows.

Natural keys (DESIGN §4) make a second import change nothing. An empty optional cell never
erases a value already known (the platform may hold more than the spreadsheet), except for
`sortie` (empty = still in the pool) and the `parcours`/`communaute` pair of a session.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_manager_for_model,
)

from .lecture import COLONNES, Source
from .resultat import ResultatImport

RAISON_HISTORIQUE = "Import d'activité (tableur)"
TAILLE_LOT = 1000
PAS_PROGRESSION = 2000


class _Annulation(Exception):
    """Raised to roll the transaction back (bad rows or dry run)."""


class LigneInvalide(Exception):
    pass


def _cle_nom(valeur: str) -> str:
    return " ".join(valeur.split()).casefold()


def lire_date(valeur: str) -> dt.date:
    valeur = valeur.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(valeur, fmt).date()
        except ValueError:
            continue
    raise LigneInvalide(f"date illisible « {valeur} » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)")


def lire_entier(valeur: str, colonne: str, minimum: int) -> int:
    texte = valeur.strip().replace(" ", "").replace("\u202f", "")
    if texte.endswith(".0"):
        texte = texte[:-2]
    if not re.fullmatch(r"\d+", texte) or int(texte) < minimum:
        raise LigneInvalide(
            f"{colonne} doit être un nombre entier supérieur ou égal à {minimum} (« {valeur} »)"
        )
    return int(texte)


def lire_liste(valeur: str) -> list[str]:
    vus, liste = set(), []
    for element in valeur.split("|"):
        element = element.strip()
        if element and _cle_nom(element) not in vus:
            vus.add(_cle_nom(element))
            liste.append(element)
    return liste


def lire_email(valeur: str, colonne: str = "email") -> str:
    email = valeur.strip().lower()
    if not email:
        raise LigneInvalide(f"{colonne} manquant")
    if len(email) > 254:
        raise LigneInvalide(f"{colonne} trop long (254 caractères au plus)")
    try:
        validate_email(email)
    except ValidationError as exc:
        raise LigneInvalide(f"{colonne} invalide « {valeur} »") from exc
    return email


def _a_l_historique(model) -> bool:
    try:
        get_history_manager_for_model(model)
    except NotHistoricalModelError:
        return False
    return True


def _verifier_champs(obj, exclure=()) -> None:
    """Field validation without queries (lengths, choices, validators); FKs are checked by the
    importer from its maps, so they are excluded (ForeignKey.validate would query)."""
    exclude = [
        f.name
        for f in obj._meta.get_fields()
        if f.is_relation or f.auto_created or getattr(f, "primary_key", False)
    ]
    try:
        obj.clean_fields(exclude=exclude + list(exclure))
    except ValidationError as exc:
        messages = []
        for nom, erreurs in exc.message_dict.items():
            libelle = obj._meta.get_field(nom).verbose_name
            messages.append(f"{libelle} : {' '.join(erreurs)}")
        raise LigneInvalide(" ; ".join(messages)) from exc


class Importeur:
    """Validates and writes the sources; call `executer(essai=...)` once."""

    def __init__(
        self,
        sources: list[Source],
        *,
        auteur=None,
        progression: Callable[[int, int, str], None] | None = None,
        resultat: ResultatImport | None = None,
    ):
        self.sources = sources
        self.auteur = auteur
        self.progression = progression or (lambda fait, total, etape: None)
        self.resultat = resultat or ResultatImport()
        self.total = sum(len(s.lignes) for s in sources)
        self._thematiques_a_creer: list = []
        self.fait = 0
        self.maintenant = timezone.now()

    # -- entry point --------------------------------------------------------------------------

    def executer(self, *, essai: bool) -> ResultatImport:
        r = self.resultat
        r.essai = essai
        self.progression(0, self.total, "Lecture des référentiels")
        try:
            with transaction.atomic():
                self._charger_referentiels()
                for source in self.sources:
                    self._importer(source)
                if r.erreurs or essai:
                    raise _Annulation
        except _Annulation:
            r.ecrit = False
        except IntegrityError as exc:  # a concurrent change between validation and writing
            r.erreurs.append(f"Conflit d'écriture, rien n'a été écrit : {exc}")
            r.ecrit = False
        else:
            r.ecrit = True
        self.progression(self.total, self.total, "Terminé")
        return r

    def _importer(self, source: Source) -> None:
        requises, optionnelles = COLONNES[source.fichier]
        colonnes = set(source.colonnes)
        manquantes = [c for c in requises if c not in colonnes]
        self.resultat.compte(source.fichier).lignes = len(source.lignes)
        if manquantes:
            self.resultat.erreurs.append(
                f"{source.libelle}:1: colonne(s) obligatoire(s) absente(s) : "
                + ", ".join(f"« {c} »" for c in manquantes)
            )
            self._avancer(len(source.lignes), source)
            return
        inconnues = [c for c in source.colonnes if c and c not in requises + optionnelles]
        if inconnues:
            self.resultat.avertissements.append(
                f"{source.libelle}:1: colonne(s) ignorée(s) : "
                + ", ".join(f"« {c} »" for c in inconnues)
            )
        self.colonnes = colonnes
        methode = getattr(self, "_" + source.fichier.removesuffix(".csv"))
        methode(source)

    def _lignes(self, source: Source):
        """Yields (where, row) and turns LigneInvalide into `file:line: reason`."""
        vues = 0
        for numero, ligne in source.lignes:
            vues += 1
            if vues % PAS_PROGRESSION == 0:
                self._avancer(PAS_PROGRESSION, source)
            ou = f"{source.libelle}:{numero}"
            if ligne.get("__cellules_en_trop__"):
                self._erreur(ou, "plus de cellules que de colonnes dans l'en-tête")
                continue
            yield ou, ligne
        self._avancer(vues % PAS_PROGRESSION, source)

    def _avancer(self, n: int, source: Source) -> None:
        self.fait += n
        self.progression(self.fait, self.total, source.libelle)

    def _erreur(self, ou: str, raison: str) -> None:
        self.resultat.erreurs.append(f"{ou}: {raison}")

    # -- referentials, loaded once ------------------------------------------------------------

    def _charger_referentiels(self) -> None:
        from accompagnateurs.models import Accompagnateur, Specialite
        from apes_rh.models import Territoire, Thematique, User

        self.territoires = {t.code.casefold(): t for t in Territoire.objects.all()}
        self.thematiques = {_cle_nom(t.nom): t for t in Thematique.objects.all()}
        self.slugs_thematiques = {t.slug for t in self.thematiques.values()}
        self.specialites = {_cle_nom(s.nom): s for s in Specialite.objects.all()}
        self.users = {
            u.email.lower(): u for u in User.objects.only("id", "email", "first_name", "last_name")
        }
        self.coachs = {a.user_id: a for a in Accompagnateur.objects.all()}
        self.orgs_par_siret = {}
        self.orgs_par_nom: dict[str, object] = {}
        self._ambigus: set[str] = set()
        self._charger_organisations()
        self.parcours = None
        self.communautes = None
        self.seances = None
        # Natural keys of bad rows: references to them are not reported a second time.
        self.invalides: dict[str, set] = defaultdict(set)

    def _charger_organisations(self) -> None:
        from parcours.models import Organisation

        for org in Organisation.objects.all():
            if org.siret:
                self.orgs_par_siret[org.siret] = org
            cle = _cle_nom(org.nom)
            if cle in self.orgs_par_nom and self.orgs_par_nom[cle].pk != org.pk:
                self._ambigus.add(cle)
            self.orgs_par_nom[cle] = org

    def _charger_parcours(self):
        from parcours.models import Parcours

        if self.parcours is None:
            self.parcours = {p.code.casefold(): p for p in Parcours.objects.all()}
        return self.parcours

    def _charger_communautes(self):
        from communautes.models import Communaute

        if self.communautes is None:
            self.communautes = {c.code.casefold(): c for c in Communaute.objects.all()}
        return self.communautes

    def _charger_seances(self):
        from parcours.models import Seance

        if self.seances is None:
            self.seances = {s.ref.casefold(): s for s in Seance.objects.all()}
        return self.seances

    def _territoire(self, code: str):
        from apes_rh.models import Territoire

        code = code.strip()
        if not code:
            raise LigneInvalide("territoire manquant")
        territoire = self.territoires.get(code.casefold())
        if territoire is None:
            if len(code) > Territoire._meta.get_field("code").max_length:
                raise LigneInvalide(f"code de territoire trop long « {code} »")
            territoire = Territoire.objects.create(code=code, nom=code)
            self.territoires[code.casefold()] = territoire
            self.resultat.annexe("territoires")
        return territoire

    def _thematique(self, nom: str):
        from apes_rh.models import Thematique

        cle = _cle_nom(nom)
        thematique = self.thematiques.get(cle)
        if thematique is None:
            if len(nom) > Thematique._meta.get_field("nom").max_length:
                raise LigneInvalide(f"nom de thématique trop long « {nom[:40]}… »")
            slug = Thematique.slug_libre(nom, self.slugs_thematiques)
            thematique = Thematique(nom=" ".join(nom.split()), slug=slug)
            self.thematiques[cle] = thematique
            self.slugs_thematiques.add(slug)
            self._thematiques_a_creer.append(thematique)
        return thematique

    def _creer_thematiques(self) -> None:
        from apes_rh.models import Thematique

        if self._thematiques_a_creer:
            Thematique.objects.bulk_create(self._thematiques_a_creer, batch_size=TAILLE_LOT)
            self.resultat.annexe("thematiques", len(self._thematiques_a_creer))
            self._thematiques_a_creer = []

    def _organisation(self, valeur: str, colonne: str = "organisation"):
        """An organisation referred to by its name (or its SIRET)."""
        valeur = valeur.strip()
        if not valeur:
            raise LigneInvalide(f"{colonne} manquante")
        compact = valeur.replace(" ", "")
        if compact.isdigit() and compact in self.orgs_par_siret:
            return self.orgs_par_siret[compact]
        cle = _cle_nom(valeur)
        if cle in self._ambigus:
            raise LigneInvalide(
                f"{colonne} ambiguë « {valeur} » : plusieurs organisations portent ce nom "
                "(utilisez le SIRET)"
            )
        org = self.orgs_par_nom.get(cle)
        if org is None:
            if cle in self.invalides["organisations"]:
                return None
            raise LigneInvalide(f"{colonne} inconnue « {valeur} »")
        return org

    def _coach(self, email: str, colonne: str):
        email = lire_email(email, colonne)
        user = self.users.get(email)
        coach = self.coachs.get(user.pk) if user and user.pk else None
        if coach is None:
            if email in self.invalides["accompagnateurs"]:
                return None
            raise LigneInvalide(f"{colonne} : accompagnateur·trice inconnu·e « {email} »")
        return coach

    # -- writing helpers ----------------------------------------------------------------------

    def _creer(self, model, objets: list) -> list:
        if not objets:
            return objets
        if _a_l_historique(model):
            crees = bulk_create_with_history(
                objets,
                model,
                batch_size=TAILLE_LOT,
                default_user=self.auteur,
                default_change_reason=RAISON_HISTORIQUE,
                default_date=self.maintenant,
            )
        else:
            crees = model.objects.bulk_create(objets, batch_size=TAILLE_LOT)
        assert all(o.pk for o in crees), "la base doit renvoyer les clés des lignes créées"
        return crees

    def _modifier(self, model, changements: dict) -> None:
        """`changements`: object → set of changed field names."""
        if not changements:
            return
        par_champs = defaultdict(list)
        for obj, champs in changements.items():
            par_champs[tuple(sorted(champs))].append(obj)
        for champs, objets in par_champs.items():
            # `territoire_id` → `territoire`: bulk_update wants field names.
            champs = tuple(model._meta.get_field(c).name for c in champs)
            if _a_l_historique(model):
                bulk_update_with_history(
                    objets,
                    model,
                    list(champs),
                    batch_size=TAILLE_LOT,
                    default_user=self.auteur,
                    default_change_reason=RAISON_HISTORIQUE,
                    default_date=self.maintenant,
                )
            else:
                model.objects.bulk_update(objets, list(champs), batch_size=TAILLE_LOT)

    @staticmethod
    def _appliquer(obj, valeurs: dict, changements: dict) -> None:
        """Sets the fields that differ and records them as changed."""
        for champ, valeur in valeurs.items():
            if getattr(obj, champ) != valeur:
                setattr(obj, champ, valeur)
                changements.setdefault(obj, set()).add(champ)

    def _personnes(self, nouvelles: dict, noms: dict) -> None:
        """Creates the unknown people (no password: they will get an invitation) and fills the
        names of known people that had none."""
        from apes_rh.models import User

        a_creer = []
        for email, (prenom, nom) in nouvelles.items():
            user = User(email=email, first_name=prenom, last_name=nom, password=make_password(None))
            a_creer.append(user)
        if a_creer:
            for user in User.objects.bulk_create(a_creer, batch_size=TAILLE_LOT):
                self.users[user.email] = user
            self.resultat.annexe("personnes", len(a_creer))
        changements: dict = {}
        for email, (prenom, nom) in noms.items():
            user = self.users[email]
            valeurs = {}
            if prenom and not user.first_name:
                valeurs["first_name"] = prenom
            if nom and not user.last_name:
                valeurs["last_name"] = nom
            self._appliquer(user, valeurs, changements)
        self._modifier(User, changements)

    def _compter(self, fichier: str, crees: int, modifies: int, inchanges: int) -> None:
        compte = self.resultat.compte(fichier)
        compte.crees += crees
        compte.modifies += modifies
        compte.inchanges += inchanges

    def _texte(self, ligne: dict, colonne: str) -> str:
        return ligne.get(colonne, "").strip()

    def _doublon(self, vus: dict, cle, ou: str, quoi: str) -> bool:
        if cle in vus:
            self._erreur(ou, f"{quoi} en double (déjà ligne {vus[cle].rsplit(':', 1)[-1]})")
            return True
        vus[cle] = ou
        return False

    # -- the eight files ----------------------------------------------------------------------

    def _accompagnateurs(self, source: Source) -> None:
        from accompagnateurs.models import Accompagnateur, Specialite

        vus: dict = {}
        lignes = []
        nouvelles, noms = {}, {}
        for ou, ligne in self._lignes(source):
            email = ligne.get("email", "")
            try:
                email = lire_email(email)
                if self._doublon(vus, email, ou, "accompagnateur·trice"):
                    continue
                entree = lire_date(self._texte(ligne, "entree") or "")
                sortie_txt = self._texte(ligne, "sortie")
                sortie = lire_date(sortie_txt) if sortie_txt else None
                if sortie and sortie < entree:
                    raise LigneInvalide("la date de sortie précède la date d'entrée")
                prenom, nom = self._texte(ligne, "prenom"), self._texte(ligne, "nom")
                structure = self._texte(ligne, "structure")
                specialites = lire_liste(ligne.get("specialites", ""))
                for s in specialites:
                    if len(s) > Specialite._meta.get_field("nom").max_length:
                        raise LigneInvalide(f"spécialité trop longue « {s[:40]}… »")
                if len(prenom) > 150 or len(nom) > 150:
                    raise LigneInvalide("prénom ou nom trop long (150 caractères au plus)")
                if len(structure) > Accompagnateur._meta.get_field("structure").max_length:
                    raise LigneInvalide("structure : 200 caractères au plus")
            except LigneInvalide as exc:
                self._erreur(ou, str(exc))
                if email:
                    self.invalides["accompagnateurs"].add(email.strip().lower())
                continue
            if email in self.users:
                noms[email] = (prenom, nom)
            else:
                nouvelles[email] = (prenom, nom)
            lignes.append((email, entree, sortie, structure, specialites))
        self._personnes(nouvelles, noms)

        nouvelles_specialites = []
        for *_, specialites in lignes:
            for s in specialites:
                if _cle_nom(s) not in self.specialites:
                    obj = Specialite(nom=" ".join(s.split()))
                    self.specialites[_cle_nom(s)] = obj
                    nouvelles_specialites.append(obj)
        if nouvelles_specialites:
            Specialite.objects.bulk_create(nouvelles_specialites, batch_size=TAILLE_LOT)
            self.resultat.annexe("specialites", len(nouvelles_specialites))

        a_creer, changements, inchanges = [], {}, 0
        for email, entree, sortie, structure, _ in lignes:
            user = self.users[email]
            coach = self.coachs.get(user.pk)
            if coach is None:
                coach = Accompagnateur(user=user, structure=structure, entree=entree, sortie=sortie)
                a_creer.append(coach)
                self.coachs[user.pk] = coach
                continue
            valeurs = {"entree": entree, "sortie": sortie}
            if structure:
                valeurs["structure"] = structure
            self._appliquer(coach, valeurs, changements)
            if coach not in changements:
                inchanges += 1
        self._creer(Accompagnateur, a_creer)
        self._modifier(Accompagnateur, changements)

        # Specialties are added, never removed (a coach may have completed their profile).
        lien = Accompagnateur.specialites.through
        existants = set(lien.objects.values_list("accompagnateur_id", "specialite_id"))
        nouveaux, coachs_completes = [], set()
        for email, *_, specialites in lignes:
            coach = self.coachs[self.users[email].pk]
            for s in specialites:
                paire = (coach.pk, self.specialites[_cle_nom(s)].pk)
                if paire not in existants:
                    existants.add(paire)
                    nouveaux.append(lien(accompagnateur_id=paire[0], specialite_id=paire[1]))
                    coachs_completes.add(coach.pk)
        lien.objects.bulk_create(nouveaux, batch_size=TAILLE_LOT)
        modifies = len(changements) + len(
            coachs_completes - {c.pk for c in changements} - {c.pk for c in a_creer}
        )
        self._compter(source.fichier, len(a_creer), modifies, len(lignes) - len(a_creer) - modifies)

    def _organisations(self, source: Source) -> None:
        from parcours.models import Organisation

        vus_cle: dict = {}
        vus_nom: dict = {}
        a_creer, changements, inchanges = [], {}, 0
        fichier_noms: dict[str, object] = {}
        for ou, ligne in self._lignes(source):
            nom = " ".join(self._texte(ligne, "nom").split())
            try:
                if not nom:
                    raise LigneInvalide("nom manquant")
                siret = self._texte(ligne, "siret").replace(" ", "") or None
                cle = ("siret", siret) if siret else ("nom", _cle_nom(nom))
                if self._doublon(vus_cle, cle, ou, "organisation"):
                    continue
                if _cle_nom(nom) in vus_nom:
                    raise LigneInvalide(
                        f"le nom « {nom} » est déjà celui de la ligne "
                        f"{vus_nom[_cle_nom(nom)].rsplit(':', 1)[-1]} : les autres fichiers "
                        "désignent les organisations par leur nom, il doit être unique"
                    )
                vus_nom[_cle_nom(nom)] = ou
                territoire = self._territoire(self._texte(ligne, "territoire"))
                effectif_txt = self._texte(ligne, "effectif")
                effectif = lire_entier(effectif_txt, "effectif", 0) if effectif_txt else None
                valeurs = {"nom": nom, "territoire_id": territoire.pk}
                for champ in ("forme_juridique", "commune"):
                    if self._texte(ligne, champ):
                        valeurs[champ] = self._texte(ligne, champ)
                if effectif is not None:
                    valeurs["effectif"] = effectif
                if siret:
                    valeurs["siret"] = siret
                    existante = self.orgs_par_siret.get(siret)
                    if existante is None:
                        homonyme = self.orgs_par_nom.get(_cle_nom(nom))
                        if homonyme is not None and not homonyme.siret:
                            existante = homonyme
                else:
                    if _cle_nom(nom) in self._ambigus:
                        raise LigneInvalide(
                            f"plusieurs organisations s'appellent déjà « {nom} » : "
                            "précisez le SIRET"
                        )
                    existante = self.orgs_par_nom.get(_cle_nom(nom))
                essai = Organisation(**valeurs)
                _verifier_champs(essai)
            except LigneInvalide as exc:
                self._erreur(ou, str(exc))
                if nom:
                    self.invalides["organisations"].add(_cle_nom(nom))
                continue
            if existante is None:
                a_creer.append(essai)
                fichier_noms[_cle_nom(nom)] = essai
                continue
            self._appliquer(existante, valeurs, changements)
            fichier_noms[_cle_nom(nom)] = existante
            if existante not in changements:
                inchanges += 1
        self._creer(Organisation, a_creer)
        self._modifier(Organisation, changements)
        # The file's names now designate its rows (renamed organisations included).
        for org in list(a_creer) + list(changements):
            if org.siret:
                self.orgs_par_siret[org.siret] = org
        for cle, org in fichier_noms.items():
            self.orgs_par_nom[cle] = org
            self._ambigus.discard(cle)
        self._compter(source.fichier, len(a_creer), len(changements), inchanges)

    def _parcours(self, source: Source) -> None:
        from parcours.models import Parcours

        parcours = self._charger_parcours()
        vus: dict = {}
        a_creer, changements, inchanges = [], {}, 0
        for ou, ligne in self._lignes(source):
            code = self._texte(ligne, "code")
            try:
                if not code:
                    raise LigneInvalide("code manquant")
                if self._doublon(vus, code.casefold(), ou, "parcours"):
                    continue
                territoire = self._territoire(self._texte(ligne, "territoire"))
                debut = lire_date(self._texte(ligne, "debut"))
                fin = lire_date(self._texte(ligne, "fin"))
                if fin < debut:
                    raise LigneInvalide("la date de fin précède la date de début")
                valeurs = {"territoire_id": territoire.pk, "debut": debut, "fin": fin}
                if self._texte(ligne, "nom"):
                    valeurs["nom"] = self._texte(ligne, "nom")
                existant = parcours.get(code.casefold())
                essai = Parcours(code=code, nom=valeurs.get("nom", code), debut=debut, fin=fin)
                essai.territoire = territoire
                _verifier_champs(essai)
            except LigneInvalide as exc:
                self._erreur(ou, str(exc))
                if code:
                    self.invalides["parcours"].add(code.casefold())
                continue
            if existant is None:
                a_creer.append(essai)
                parcours[code.casefold()] = essai
                continue
            self._appliquer(existant, valeurs, changements)
            if existant not in changements:
                inchanges += 1
        self._creer(Parcours, a_creer)
        self._modifier(Parcours, changements)
        self._compter(source.fichier, len(a_creer), len(changements), inchanges)

    def _ref_parcours(self, code: str):
        parcours = self._charger_parcours().get(code.strip().casefold())
        if parcours is None:
            if code.strip().casefold() in self.invalides["parcours"]:
                return None
            raise LigneInvalide(f"parcours inconnu « {code} »")
        return parcours

    def _inscriptions(self, source: Source) -> None:
        from parcours.enums import StatutInscription
        from parcours.models import Inscription

        existantes = {(i.parcours_id, i.organisation_id): i for i in Inscription.objects.all()}
        vus: dict = {}
        a_creer, changements, inchanges = [], {}, 0
        for ou, ligne in self._lignes(source):
            try:
                parcours = self._ref_parcours(self._texte(ligne, "parcours"))
                organisation = self._organisation(self._texte(ligne, "organisation"))
                date_txt = self._texte(ligne, "date")
                date = lire_date(date_txt) if date_txt else None
            except LigneInvalide as exc:
                self._erreur(ou, str(exc))
                continue
            if parcours is None or organisation is None:
                continue  # refers to a bad row, already reported
            if self._doublon(vus, (parcours.pk, organisation.pk), ou, "inscription"):
                continue
            existante = existantes.get((parcours.pk, organisation.pk))
            if existante is None:
                a_creer.append(
                    Inscription(
                        parcours=parcours,
                        organisation=organisation,
                        date=date or parcours.debut,
                        statut=StatutInscription.INSCRITE,
                    )
                )
                continue
            valeurs = {"statut": StatutInscription.INSCRITE}
            if date:
                valeurs["date"] = date
            self._appliquer(existante, valeurs, changements)
            if existante not in changements:
                inchanges += 1
        self._creer(Inscription, a_creer)
        self._modifier(Inscription, changements)
        self._compter(source.fichier, len(a_creer), len(changements), inchanges)

    def _communautes(self, source: Source) -> None:
        from communautes.enums import TypeCommunaute
        from communautes.models import Communaute

        communautes = self._charger_communautes()
        vus: dict = {}
        a_creer, changements, inchanges = [], {}, 0
        types = {t.value for t in TypeCommunaute}
        for ou, ligne in self._lignes(source):
            code = self._texte(ligne, "code")
            try:
                if not code:
                    raise LigneInvalide("code manquant")
                if self._doublon(vus, code.casefold(), ou, "communauté"):
                    continue
                type_ = self._texte(ligne, "type").lower()
                if type_ not in types:
                    raise LigneInvalide(
                        f"type inconnu « {self._texte(ligne, 'type')} » "
                        "(attendu : virtuelle, partenariale ou territoriale)"
                    )
                valeurs = {"type": type_}
                if self._texte(ligne, "nom"):
                    valeurs["nom"] = self._texte(ligne, "nom")
                if self._texte(ligne, "territoire"):
                    valeurs["territoire_id"] = self._territoire(self._texte(ligne, "territoire")).pk
                essai = Communaute(code=code, nom=valeurs.get("nom", code), type=type_)
                essai.territoire_id = valeurs.get("territoire_id")
                _verifier_champs(essai)
            except LigneInvalide as exc:
                self._erreur(ou, str(exc))
                if code:
                    self.invalides["communautes"].add(code.casefold())
                continue
            existante = communautes.get(code.casefold())
            if existante is None:
                a_creer.append(essai)
                communautes[code.casefold()] = essai
                continue
            self._appliquer(existante, valeurs, changements)
            if existante not in changements:
                inchanges += 1
        self._creer(Communaute, a_creer)
        self._modifier(Communaute, changements)
        self._compter(source.fichier, len(a_creer), len(changements), inchanges)

    def _seances(self, source: Source) -> None:
        from parcours.enums import TypeSeance
        from parcours.models import Seance

        seances = self._charger_seances()
        communautes = self._charger_communautes()
        self._charger_parcours()
        types = {t.value for t in TypeSeance}
        vus: dict = {}
        self._thematiques_a_creer = []
        lignes = []
        a_creer, changements, inchanges = [], {}, 0
        for ou, ligne in self._lignes(source):
            ref = self._texte(ligne, "ref")
            try:
                if not ref:
                    raise LigneInvalide("ref manquante")
                if self._doublon(vus, ref.casefold(), ou, "séance"):
                    continue
                type_ = self._texte(ligne, "type").lower()
                if type_ not in types:
                    raise LigneInvalide(
                        f"type inconnu « {self._texte(ligne, 'type')} » (attendu : "
                        + ", ".join(sorted(types))
                        + ")"
                    )
                date = lire_date(self._texte(ligne, "date"))
                demi_journees = lire_entier(self._texte(ligne, "demi_journees"), "demi_journees", 1)
                code_p, code_c = self._texte(ligne, "parcours"), self._texte(ligne, "communaute")
                if code_p and code_c:
                    raise LigneInvalide(
                        "une séance appartient à un parcours ou à une communauté, pas aux deux"
                    )
                parcours = self._ref_parcours(code_p) if code_p else None
                communaute = None
                if code_c:
                    communaute = communautes.get(code_c.casefold())
                    if (
                        communaute is None
                        and code_c.casefold() not in self.invalides["communautes"]
                    ):
                        raise LigneInvalide(f"communauté inconnue « {code_c} »")
                thematiques = [
                    self._thematique(t) for t in lire_liste(ligne.get("thematiques", ""))
                ]
                animateurs = []
                for email in lire_liste(ligne.get("animateurs", "")):
                    coach = self._coach(email, "animateurs")
                    if coach is not None:
                        animateurs.append(coach.user_id)
                valeurs = {"titre": self._texte(ligne, "titre"), "type": type_, "date": date}
                valeurs["demi_journees"] = demi_journees
                essai = Seance(ref=ref, **valeurs)
                _verifier_champs(essai)
            except LigneInvalide as exc:
                self._erreur(ou, str(exc))
                if ref:
                    self.invalides["seances"].add(ref.casefold())
                continue
            if (code_p and parcours is None) or (code_c and communaute is None):
                continue  # refers to a bad row, already reported
            if "parcours" in self.colonnes or "communaute" in self.colonnes:
                valeurs["parcours_id"] = parcours.pk if parcours else None
                valeurs["communaute_id"] = communaute.pk if communaute else None
            existante = seances.get(ref.casefold())
            if existante is None:
                essai.parcours, essai.communaute = parcours, communaute
                # bulk_create skips Seance.save(): charge the default line here. A known
                # session keeps its line (the team may have changed it).
                cadre = parcours or communaute
                essai.financement_id = cadre.financement_id if cadre else None
                a_creer.append(essai)
                seances[ref.casefold()] = essai
                seance = essai
            else:
                self._appliquer(existante, valeurs, changements)
                seance = existante
                if existante not in changements:
                    inchanges += 1
            lignes.append((seance, thematiques, animateurs))
        self._creer_thematiques()
        self._creer(Seance, a_creer)
        self._modifier(Seance, changements)

        # Themes and facilitators are added to what the platform knows, never removed.
        completes = set()
        for champ, cible in (("thematiques", "thematique_id"), ("animateurs", "user_id")):
            lien = getattr(Seance, champ).through
            existants = set(lien.objects.values_list("seance_id", cible))
            nouveaux = []
            for seance, thematiques, animateurs in lignes:
                cibles = [t.pk for t in thematiques] if champ == "thematiques" else animateurs
                for cible_id in cibles:
                    paire = (seance.pk, cible_id)
                    if paire not in existants:
                        existants.add(paire)
                        nouveaux.append(lien(seance_id=seance.pk, **{cible: cible_id}))
                        completes.add(seance.pk)
            lien.objects.bulk_create(nouveaux, batch_size=TAILLE_LOT)
        crees_ids = {s.pk for s in a_creer}
        modifies = {s.pk for s in changements} | (completes - crees_ids)
        self._compter(
            source.fichier, len(a_creer), len(modifies), len(lignes) - len(a_creer) - len(modifies)
        )

    def _participations(self, source: Source) -> None:
        from parcours.enums import StatutParticipation
        from parcours.models import Participation

        seances = self._charger_seances()
        vus: dict = {}
        lignes = []
        nouvelles, noms = {}, {}
        for ou, ligne in self._lignes(source):
            ref = self._texte(ligne, "seance")
            try:
                if not ref:
                    raise LigneInvalide("seance manquante")
                seance = seances.get(ref.casefold())
                if seance is None and ref.casefold() not in self.invalides["seances"]:
                    raise LigneInvalide(f"séance inconnue « {ref} »")
                email = lire_email(ligne.get("email", ""))
                prenom, nom = self._texte(ligne, "prenom"), self._texte(ligne, "nom")
                if len(prenom) > 150 or len(nom) > 150:
                    raise LigneInvalide("prénom ou nom trop long (150 caractères au plus)")
                org_txt = self._texte(ligne, "organisation")
                organisation = self._organisation(org_txt) if org_txt else None
            except LigneInvalide as exc:
                self._erreur(ou, str(exc))
                continue
            if seance is None or (org_txt and organisation is None):
                continue
            if self._doublon(vus, (ref.casefold(), email), ou, "participation"):
                continue
            if email in self.users:
                noms[email] = (prenom, nom)
            elif email in nouvelles:
                ancien = nouvelles[email]
                nouvelles[email] = (ancien[0] or prenom, ancien[1] or nom)
            else:
                nouvelles[email] = (prenom, nom)
            lignes.append((seance, email, organisation))
        self._personnes(nouvelles, noms)

        existantes = {
            (seance_id, personne_id): (pk, statut, organisation_id)
            for pk, seance_id, personne_id, statut, organisation_id in (
                Participation.objects.values_list(
                    "pk", "seance_id", "personne_id", "statut", "organisation_id"
                )
            )
        }
        a_creer, a_changer, inchanges = [], {}, 0
        tz = timezone.get_current_timezone()
        for seance, email, organisation in lignes:
            personne = self.users[email]
            existante = existantes.get((seance.pk, personne.pk))
            if existante is None:
                a_creer.append(
                    Participation(
                        seance=seance,
                        personne=personne,
                        organisation=organisation,
                        statut=StatutParticipation.PRESENT,
                        inscrite_le=dt.datetime.combine(seance.date, dt.time(0, 0), tzinfo=tz),
                    )
                )
                continue
            pk, statut, organisation_id = existante
            valeurs = {}
            if statut != StatutParticipation.PRESENT:
                valeurs["statut"] = StatutParticipation.PRESENT
            if organisation is not None and organisation.pk != organisation_id:
                valeurs["organisation_id"] = organisation.pk
            if valeurs:
                a_changer[pk] = valeurs
            else:
                inchanges += 1
        self._creer(Participation, a_creer)
        # Only the rows that change are loaded in full (their history needs every field).
        changements: dict = {}
        if a_changer:
            for p in Participation.objects.filter(pk__in=list(a_changer)):
                self._appliquer(p, a_changer[p.pk], changements)
        self._modifier(Participation, changements)
        self._compter(source.fichier, len(a_creer), len(changements), inchanges)

    def _lignes_des_parcours(self) -> dict:
        """organisation id → [(debut, fin, financement id)] of the parcours it is enrolled in
        that have a funding line, latest first (one query): bulk_create skips
        DemiJournee.save(), which would look it up row by row."""
        from parcours.enums import StatutInscription
        from parcours.models import Inscription

        resultat = defaultdict(list)
        for organisation_id, debut, fin, financement_id in (
            Inscription.objects.filter(
                statut=StatutInscription.INSCRITE, parcours__financement__isnull=False
            )
            .order_by("-parcours__debut")
            .values_list(
                "organisation_id", "parcours__debut", "parcours__fin", "parcours__financement_id"
            )
        ):
            resultat[organisation_id].append((debut, fin, financement_id))
        return resultat

    def _appuis_individuels(self, source: Source) -> None:
        from accompagnateurs.enums import NatureDemiJournee, StatutDemiJournee
        from accompagnateurs.models import DemiJournee

        self._thematiques_a_creer = []
        existantes = defaultdict(list)
        for d in DemiJournee.objects.filter(nature=NatureDemiJournee.INDIVIDUEL):
            existantes[(d.accompagnateur_id, d.organisation_id, d.date)].append(d)
        vus: dict = {}
        lignes = []
        for ou, ligne in self._lignes(source):
            try:
                coach = self._coach(self._texte(ligne, "accompagnateur"), "accompagnateur")
                organisation = self._organisation(self._texte(ligne, "organisation"))
                date = lire_date(self._texte(ligne, "date"))
                demi_journees = lire_entier(self._texte(ligne, "demi_journees"), "demi_journees", 1)
                if demi_journees > 32767:
                    raise LigneInvalide("demi_journees : nombre trop grand")
                theme_txt = self._texte(ligne, "thematique")
                thematique = self._thematique(theme_txt) if theme_txt else None
                notes = ligne.get("notes", "").strip()
            except LigneInvalide as exc:
                self._erreur(ou, str(exc))
                continue
            if coach is None or organisation is None:
                continue
            cle = (coach.pk, organisation.pk, date)
            if self._doublon(vus, cle, ou, "appui (même accompagnateur, organisation et date)"):
                continue
            if len(existantes.get(cle, [])) > 1:
                self._erreur(
                    ou,
                    "plusieurs demi-journées existent déjà pour cet accompagnateur, "
                    "cette organisation et cette date : corrigez-les dans la plateforme",
                )
                continue
            lignes.append((cle, coach, organisation, date, demi_journees, thematique, notes))
        self._creer_thematiques()

        lignes_parcours = self._lignes_des_parcours()
        a_creer, changements, inchanges = [], {}, 0
        for cle, coach, organisation, date, demi_journees, thematique, notes in lignes:
            valeurs = {"demi_journees": demi_journees, "statut": StatutDemiJournee.VALIDEE}
            if thematique is not None:
                valeurs["thematique_id"] = thematique.pk
            if notes:
                valeurs["notes"] = notes
            existante = (existantes.get(cle) or [None])[0]
            if existante is None:
                a_creer.append(
                    DemiJournee(
                        accompagnateur=coach,
                        organisation=organisation,
                        date=date,
                        nature=NatureDemiJournee.INDIVIDUEL,
                        thematique=thematique,
                        financement_id=_ligne_du_parcours(lignes_parcours, organisation.pk, date),
                        **{k: v for k, v in valeurs.items() if k != "thematique_id"},
                    )
                )
                continue
            self._appliquer(existante, valeurs, changements)
            if existante not in changements:
                inchanges += 1
        self._creer(DemiJournee, a_creer)
        self._modifier(DemiJournee, changements)
        self._compter(source.fichier, len(a_creer), len(changements), inchanges)


def _ligne_du_parcours(lignes: dict, organisation_id: int, date: dt.date) -> int | None:
    """Same rule as `Parcours.objects.financement_pour`, on preloaded rows."""
    for debut, fin, financement_id in lignes.get(organisation_id, ()):
        if debut <= date <= fin:
            return financement_id
    return None
