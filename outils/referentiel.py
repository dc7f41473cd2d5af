"""Loading the default HR referential from `outils/data/referentiel.yaml`.

Used by the data migration (with historical models) and by the `charger_referentiel`
command (with the real ones). Idempotent: a version already in the database is left
alone — the team may have edited it since.
"""

import unicodedata
from pathlib import Path

import yaml
from django.utils import timezone

FICHIER_DEFAUT = Path(__file__).resolve().parent / "data" / "referentiel.yaml"


def lire(chemin: Path | str = FICHIER_DEFAUT) -> dict:
    with open(chemin, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    _verifier(data)
    return data


def _verifier(data: dict) -> None:
    """Fail loudly on a malformed file rather than load half a referential."""
    if not isinstance(data, dict) or not data.get("themes"):
        raise ValueError("Référentiel : la liste « themes » est absente.")
    niveaux = sorted(int(e["niveau"]) for e in data.get("echelle", []))
    if niveaux != [1, 2, 3, 4]:
        raise ValueError("Référentiel : l'échelle doit décrire les niveaux 1 à 4.")
    for theme in data["themes"]:
        if not theme.get("criteres"):
            raise ValueError(f"Référentiel : le thème {theme.get('code')} n'a pas de critère.")
        for critere in theme["criteres"]:
            if sorted(int(k) for k in critere.get("niveaux", {})) != [1, 2, 3, 4]:
                raise ValueError(f"Référentiel : niveaux incomplets pour {critere.get('code')}.")


def charger(apps=None, chemin: Path | str = FICHIER_DEFAUT, *, publier: bool = True):
    """Create the referential version described by the file if it does not exist.

    Returns (referentiel, created). `apps` is the migration registry, or None for the
    project's models.
    """
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    Referentiel = apps.get_model("outils", "Referentiel")
    NiveauEchelle = apps.get_model("outils", "NiveauEchelle")
    Theme = apps.get_model("outils", "Theme")
    Critere = apps.get_model("outils", "Critere")
    Thematique = apps.get_model("apes_rh", "Thematique")

    data = lire(chemin)
    code, version = data.get("code", "REF-RH"), int(data.get("version", 1))
    existant = Referentiel.objects.filter(code=code, version=version).first()
    if existant is not None:
        return existant, False

    referentiel = Referentiel.objects.create(
        code=code,
        version=version,
        titre=data.get("titre", "Référentiel"),
        description=data.get("description", ""),
        statut="publie" if publier else "brouillon",
        publie_le=timezone.now() if publier else None,
    )
    NiveauEchelle.objects.bulk_create(
        NiveauEchelle(
            referentiel=referentiel,
            niveau=int(e["niveau"]),
            libelle=e["libelle"],
            description=e.get("description", ""),
        )
        for e in data["echelle"]
    )
    thematiques = {t.nom.lower(): t for t in Thematique.objects.all()}
    for ordre_theme, t in enumerate(data["themes"], start=1):
        theme = Theme.objects.create(
            referentiel=referentiel,
            code=t["code"],
            titre=t["titre"],
            accroche=t.get("accroche", ""),
            description=t.get("description", ""),
            ordre=ordre_theme,
            thematique=thematiques.get(t["titre"].lower()),
        )
        Critere.objects.bulk_create(
            Critere(
                theme=theme,
                code=c["code"],
                intitule=c["intitule"],
                ordre=ordre_critere,
                **{f"niveau_{n}": c["niveaux"][n] for n in (1, 2, 3, 4)},
            )
            for ordre_critere, c in enumerate(t["criteres"], start=1)
        )
    return referentiel, True


MOTS_VIDES = {"et", "de", "des", "du", "la", "le", "les", "l", "d", "a", "au", "aux", "en"}
SEUIL_RESSEMBLANCE = 0.6


def _mots(texte: str) -> set[str]:
    sans_accents = unicodedata.normalize("NFKD", texte.lower()).encode("ascii", "ignore").decode()
    propre = "".join(c if c.isalnum() else " " for c in sans_accents)
    return {m for m in propre.split() if m not in MOTS_VIDES}


def _ressemblance(a: str, b: str) -> float:
    ma, mb = _mots(a), _mots(b)
    return len(ma & mb) / len(ma | mb) if ma and mb else 0.0


def lier_thematiques(apps=None) -> int:
    """Link each referential theme without one to the closest HR `Thematique` by name.

    The referential is seeded before the programme's themes exist (they come with the
    imports), so the link is made afterwards — by the demo, the `charger_referentiel`
    command, or by hand in the admin. Returns the number of themes linked.
    """
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    Theme = apps.get_model("outils", "Theme")
    Thematique = apps.get_model("apes_rh", "Thematique")
    thematiques = list(Thematique.objects.all())
    lies = 0
    for theme in Theme.objects.filter(thematique__isnull=True):
        notes = [(_ressemblance(theme.titre, t.nom), t.pk, t) for t in thematiques]
        if not notes:
            break
        note, _, meilleure = max(notes)
        if note >= SEUIL_RESSEMBLANCE:
            theme.thematique = meilleure
            theme.save(update_fields=["thematique"])
            lies += 1
    return lies
