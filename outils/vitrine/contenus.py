"""Seeding the vitrine's editorial content from the programme's data files.

- theme pages from `outils/data/referentiel.yaml` (its `themes`);
- MOOC modules, lessons and quizzes from `outils/data/mooc.yaml`.

Idempotent: natural keys are the theme slug, the module code and the lesson's rank.
Existing pages are left as the team edited them unless `mettre_a_jour=True`.
"""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

DATA = Path(__file__).resolve().parent.parent / "data"
REFERENTIEL = DATA / "referentiel.yaml"
MOOC = DATA / "mooc.yaml"

# Names the historical data (imports, sessions) uses for some referential themes.
ALIAS_THEMATIQUES = {
    "conditions-travail-sante": ["Conditions de travail et qualité de vie au travail"],
}


@dataclass
class Bilan:
    crees: list[str] = field(default_factory=list)
    mis_a_jour: list[str] = field(default_factory=list)
    inchanges: list[str] = field(default_factory=list)

    def __str__(self):
        return (
            f"{len(self.crees)} créé(s), {len(self.mis_a_jour)} mis à jour, "
            f"{len(self.inchanges)} inchangé(s)"
        )


def lire_yaml(chemin: Path) -> dict:
    return yaml.safe_load(Path(chemin).read_text(encoding="utf-8"))


def thematique_pour(theme: dict, *, creer: bool = True):
    """The core Thematique matching a referential theme (by title, then known aliases)."""
    from apes_rh.models import Thematique

    noms = [theme["titre"], *ALIAS_THEMATIQUES.get(theme["code"], [])]
    for nom in noms:
        trouvee = Thematique.objects.filter(nom__iexact=nom).first()
        if trouvee is not None:
            return trouvee
    trouvee = Thematique.objects.filter(slug=theme.get("slug") or theme["code"]).first()
    if trouvee is not None or not creer:
        return trouvee
    return Thematique.objects.create(nom=theme["titre"], description=theme.get("accroche", ""))


@transaction.atomic
def charger_themes(chemin: Path = REFERENTIEL, *, mettre_a_jour: bool = False) -> Bilan:
    from .models import ThemeVitrine

    bilan = Bilan()
    donnees = lire_yaml(chemin)
    for ordre, theme in enumerate(donnees["themes"], start=1):
        slug = theme.get("slug") or theme["code"]
        valeurs = {
            "titre": theme["titre"],
            "accroche": " ".join(theme.get("accroche", "").split())[:300],
            "description": theme.get("description", "").strip(),
            "exemples": "\n\n".join(e.strip() for e in theme.get("exemples", [])),
            "ordre": ordre * 10,
        }
        page = ThemeVitrine.objects.filter(slug=slug).first()
        if page is None:
            page = ThemeVitrine.objects.create(slug=slug, **valeurs)
            bilan.crees.append(slug)
        elif mettre_a_jour:
            for nom, valeur in valeurs.items():
                setattr(page, nom, valeur)
            page.save()
            bilan.mis_a_jour.append(slug)
        else:
            bilan.inchanges.append(slug)
        if page.thematique_id is None:
            thematique = thematique_pour(theme)
            if not ThemeVitrine.objects.filter(thematique=thematique).exists():
                page.thematique = thematique
                page.save(update_fields=["thematique"])
    return bilan


@transaction.atomic
def charger_mooc(chemin: Path = MOOC, *, mettre_a_jour: bool = False) -> Bilan:
    from .models import Lecon, Module, QuestionQuiz, ThemeVitrine

    bilan = Bilan()
    donnees = lire_yaml(chemin)
    themes = {t.slug: t for t in ThemeVitrine.objects.all()}
    for ordre_module, m in enumerate(donnees["modules"], start=1):
        valeurs = {
            "titre": m["titre"],
            "resume": m["resume"].strip(),
            "public": bool(m.get("public", True)),
            "theme": themes.get(m.get("theme")),
            "ordre": ordre_module * 10,
        }
        module = Module.objects.filter(code=m["code"]).first()
        if module is None:
            module = Module.objects.create(code=m["code"], **valeurs)
            bilan.crees.append(m["code"])
        elif mettre_a_jour:
            for nom, valeur in valeurs.items():
                setattr(module, nom, valeur)
            module.save()
            bilan.mis_a_jour.append(m["code"])
        else:
            bilan.inchanges.append(m["code"])
            continue
        for ordre_lecon, lecon_data in enumerate(m.get("lecons", []), start=1):
            lecon, _ = Lecon.objects.update_or_create(
                module=module,
                ordre=ordre_lecon,
                defaults={
                    "titre": lecon_data["titre"],
                    "duree_minutes": int(lecon_data.get("duree_minutes", 10)),
                    "contenu": lecon_data["contenu"].strip(),
                    "video_url": lecon_data.get("video", "") or "",
                },
            )
            lecon.questions.all().delete()
            QuestionQuiz.objects.bulk_create(
                QuestionQuiz(
                    lecon=lecon,
                    ordre=rang,
                    question=q["question"],
                    choix="\n".join(q["choix"]),
                    bonne_reponse=int(q["bonne_reponse"]) + 1,
                    explication=q.get("explication", ""),
                )
                for rang, q in enumerate(lecon_data.get("quiz", []), start=1)
            )
        module.lecons.filter(ordre__gt=len(m.get("lecons", []))).delete()
    return bilan
