"""Seeding the criteria's tags (resources, MOOC lessons, coach specialties) by theme.

A criterion belongs to a referential theme; the theme matches an HR `Thematique` (its
`thematique` link) and a vitrine theme page (same code as its slug, or same thematique),
whose MOOC modules and linked specialties are the natural suggestions. Among them, the
ones sharing key words with the criterion's wording come first.

Used by the data migration (historical models) and by the demo (real ones). Idempotent,
and respectful of the team's choices: a criterion that already has tags of one kind is
left alone for that kind.
"""

from accompagnateurs.suggestions import mots_cles

RESSOURCES_PAR_CRITERE = 3
LECONS_PAR_CRITERE = 2


def _classer(objets, mots: set[str], titre, nombre: int) -> list:
    """The `nombre` objects whose title shares the most key words with `mots` (stable)."""
    notes = [(-len(mots_cles(titre(o)) & mots), i, o) for i, o in enumerate(objets)]
    return [o for _, _, o in sorted(notes, key=lambda n: n[:2])[:nombre]]


def etiqueter_criteres(apps=None) -> int:
    """Tag every criterion still without tags of a kind. Returns the number of tags added."""
    if apps is None:
        from django.apps import apps as registry

        apps = registry
    Theme = apps.get_model("outils", "Theme")
    ThemeVitrine = apps.get_model("outils", "ThemeVitrine")
    Ressource = apps.get_model("outils", "Ressource")
    Lecon = apps.get_model("outils", "Lecon")
    Specialite = apps.get_model("accompagnateurs", "Specialite")

    pages = list(ThemeVitrine.objects.prefetch_related("specialites"))
    specialites = list(Specialite.objects.order_by("nom"))
    ajoutes = 0
    for theme in Theme.objects.prefetch_related(
        "criteres__ressources", "criteres__lecons", "criteres__specialites"
    ):
        page = next((p for p in pages if p.slug == theme.code), None) or next(
            (p for p in pages if theme.thematique_id and p.thematique_id == theme.thematique_id),
            None,
        )
        thematique_id = theme.thematique_id or (page.thematique_id if page else None)
        ressources = (
            list(
                Ressource.objects.filter(thematiques=thematique_id, statut="publiee").order_by(
                    "-date_publication", "pk"
                )
            )
            if thematique_id
            else []
        )
        lecons = (
            list(
                Lecon.objects.filter(module__theme=page, publiee=True).order_by(
                    "module__ordre", "ordre", "pk"
                )
            )
            if page
            else []
        )
        mots_theme = mots_cles(theme.titre)
        specialites_theme = {s.pk for s in page.specialites.all()} if page else set()
        specialites_theme |= {s.pk for s in specialites if mots_cles(s.nom) & mots_theme}
        for critere in theme.criteres.all():
            mots = mots_cles(critere.intitule) | mots_theme
            if ressources and not critere.ressources.all():
                choix = _classer(ressources, mots, lambda r: r.titre, RESSOURCES_PAR_CRITERE)
                critere.ressources.add(*choix)
                ajoutes += len(choix)
            if lecons and not critere.lecons.all():
                choix = _classer(lecons, mots, lambda lecon: lecon.titre, LECONS_PAR_CRITERE)
                critere.lecons.add(*choix)
                ajoutes += len(choix)
            if specialites_theme and not critere.specialites.all():
                critere.specialites.add(*specialites_theme)
                ajoutes += len(specialites_theme)
    return ajoutes
