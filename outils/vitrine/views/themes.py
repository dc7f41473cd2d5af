from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, render

from apes_rh.cache import en_cache_pour_anonymes
from apes_rh.perms import is_equipe

from ..chiffres import seances_ouvertes
from ..models import Module, Ressource, Temoignage, ThemeVitrine
from .commun import seo


def _themes_pour(user):
    return ThemeVitrine.objects.all() if is_equipe(user) else ThemeVitrine.objects.publies()


@login_not_required
@en_cache_pour_anonymes
def themes(request):
    liste = _themes_pour(request.user).select_related("thematique")
    return render(
        request,
        "outils/vitrine/themes.html",
        {
            "themes": liste,
            "seo": seo(
                request,
                "Les thèmes RH de la démarche",
                "Onze thèmes pour faire progresser les pratiques RH d'une association ou d'une "
                "coopérative : fonction employeur, recrutement, management, compétences, "
                "qualité de vie au travail…",
            ),
        },
    )


def accompagnateurs_du_theme(theme, limite: int = 12):
    """Coaches of the pool today who work on this theme: declared theme, linked specialty,
    or validated half-days on it."""
    from accompagnateurs.enums import StatutDemiJournee
    from accompagnateurs.models import Accompagnateur

    critere = Q(pk__in=[])
    if theme.thematique_id:
        critere |= Q(thematiques=theme.thematique_id) | Q(
            demi_journees__thematique=theme.thematique_id,
            demi_journees__statut=StatutDemiJournee.VALIDEE,
        )
    specialites = [s.pk for s in theme.specialites.all()]
    if specialites:
        critere |= Q(specialites__in=specialites)
    ids = Accompagnateur.objects.actifs().filter(critere).values("pk").distinct()
    return (
        Accompagnateur.objects.filter(pk__in=ids)
        .select_related("user")
        .prefetch_related("specialites")
        .order_by("user__last_name", "user__first_name")[:limite]
    )


@login_not_required
@en_cache_pour_anonymes
def theme(request, slug):
    theme = get_object_or_404(
        _themes_pour(request.user).select_related("thematique").prefetch_related("specialites"),
        slug=slug,
    )
    thematique = theme.thematique_id
    if thematique:
        ressources = (
            Ressource.objects.visibles_par(request.user)
            .publiees()
            .filter(thematiques=thematique)
            .select_related("auteur")
            .distinct()
            .order_by("-date_publication", "-pk")[:6]
        )
        seances = seances_ouvertes().filter(thematiques=thematique).distinct()[:5]
        temoignages = (
            Temoignage.objects.publies()
            .filter(thematiques=thematique)
            .select_related("organisation")
            .distinct()[:2]
        )
    else:
        ressources = seances = temoignages = []
    modules = Module.objects.visibles_par(request.user).filter(theme=theme)
    autres = _themes_pour(request.user).exclude(pk=theme.pk).only("slug", "titre")
    return render(
        request,
        "outils/vitrine/theme.html",
        {
            "theme": theme,
            "ressources": ressources,
            "seances": seances,
            "temoignages": temoignages,
            "accompagnateurs": accompagnateurs_du_theme(theme),
            "modules": modules,
            "autres_themes": autres,
            "seo": seo(request, theme.titre, theme.accroche, type_og="article"),
        },
    )
