"""Search and filter forms of the team's lists (django-filter)."""

import django_filters
from django.db.models import Q

from apes_rh.cache import memoiser
from apes_rh.models import Territoire, User

from .enums import TypeSeance
from .models import Organisation, Parcours, Seance


# Hundreds of parcours and communities at full scale: their selects are read once per version
# of the data, as (id, label) pairs, rather than as model instances on every page.
def _choix_parcours():
    return memoiser("choix:parcours", lambda: [(p.pk, str(p)) for p in Parcours.objects.all()])


def _choix_communautes():
    communaute = Seance._meta.get_field("communaute").related_model  # a higher app
    return memoiser("choix:communautes", lambda: [(c.pk, str(c)) for c in communaute.objects.all()])


def _formes_juridiques():
    return memoiser(
        "choix:formes_juridiques",
        lambda: [
            (f, f)
            for f in Organisation.objects.exclude(forme_juridique="")
            .order_by("forme_juridique")
            .values_list("forme_juridique", flat=True)
            .distinct()
        ],
    )


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher", method="rechercher")
    territoire = django_filters.ModelChoiceFilter(
        label="Territoire", queryset=Territoire.objects.all(), empty_label="Tous"
    )
    forme_juridique = django_filters.ChoiceFilter(
        label="Forme juridique", choices=_formes_juridiques, empty_label="Toutes"
    )
    parcours = django_filters.ChoiceFilter(
        label="Parcours", choices=_choix_parcours, empty_label="Tous", method="filtrer_parcours"
    )
    statut = django_filters.ChoiceFilter(
        label="Statut",
        choices=[("actives", "Actives"), ("archivees", "Archivées"), ("toutes", "Toutes")],
        empty_label=None,
        method="filtrer_statut",
    )

    class Meta:
        model = Organisation
        fields = ["q", "territoire", "forme_juridique", "parcours", "statut"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("statut", "actives")
        super().__init__(data, *args, **kwargs)

    def rechercher(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        digits = "".join(value.split())
        return queryset.filter(
            Q(nom__icontains=value)
            | Q(commune__icontains=value)
            | Q(secteur__icontains=value)
            | Q(siret__startswith=digits)
        )

    def filtrer_parcours(self, queryset, name, value):
        return queryset.filter(inscriptions__parcours=value).distinct() if value else queryset

    def filtrer_statut(self, queryset, name, value):
        if value == "archivees":
            return queryset.filter(archivee=True)
        if value == "toutes":
            return queryset
        return queryset.filter(archivee=False)


class ParcoursFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher", method="rechercher")
    territoire = django_filters.ModelChoiceFilter(
        label="Territoire", queryset=Territoire.objects.all(), empty_label="Tous"
    )
    periode = django_filters.ChoiceFilter(
        label="Période",
        choices=[("en_cours", "En cours"), ("a_venir", "À venir"), ("termines", "Terminés")],
        empty_label="Toutes",
        method="filtrer_periode",
    )

    class Meta:
        model = Parcours
        fields = ["q", "territoire", "periode"]

    def rechercher(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(nom__icontains=value)
            | Q(code__icontains=value)
            | Q(autorite_partenaire__icontains=value)
        )

    def filtrer_periode(self, queryset, name, value):
        from django.utils import timezone

        today = timezone.localdate()
        if value == "en_cours":
            return queryset.filter(debut__lte=today, fin__gte=today)
        if value == "a_venir":
            return queryset.filter(debut__gt=today)
        if value == "termines":
            return queryset.filter(fin__lt=today)
        return queryset


class SeanceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Rechercher", method="rechercher")
    type = django_filters.ChoiceFilter(label="Type", choices=TypeSeance.choices, empty_label="Tous")
    parcours = django_filters.ChoiceFilter(
        label="Parcours", choices=_choix_parcours, empty_label="Tous"
    )
    communaute = django_filters.ChoiceFilter(
        label="Communauté", choices=_choix_communautes, empty_label="Toutes"
    )
    periode = django_filters.ChoiceFilter(
        label="Période",
        choices=[("a_venir", "À venir"), ("passees", "Passées"), ("toutes", "Toutes")],
        empty_label=None,
        method="filtrer_periode",
    )
    # A search rather than a select: the pool counts hundreds of facilitators at full scale.
    animateur = django_filters.CharFilter(
        label="Animé par (nom ou e-mail)", method="filtrer_animateur"
    )

    class Meta:
        model = Seance
        fields = ["q", "type", "parcours", "communaute", "animateur", "periode"]

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("periode", "a_venir")
        super().__init__(data, *args, **kwargs)

    def rechercher(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(titre__icontains=value) | Q(ref__icontains=value) | Q(ville__icontains=value)
        )

    def filtrer_animateur(self, queryset, name, value):
        mots = value.split()[:4]
        if not mots:
            return queryset
        personnes = User.objects.all()
        for mot in mots:
            personnes = personnes.filter(
                Q(first_name__icontains=mot) | Q(last_name__icontains=mot) | Q(email__icontains=mot)
            )
        return queryset.filter(animateurs__in=personnes.values("pk")).distinct()

    def filtrer_periode(self, queryset, name, value):
        from django.utils import timezone

        today = timezone.localdate()
        if value == "passees":
            return queryset.filter(date__lt=today).order_by("-date", "-heure_debut", "pk")
        if value == "toutes":
            return queryset
        return queryset.filter(date__gte=today)
