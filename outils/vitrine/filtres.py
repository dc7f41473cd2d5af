import django_filters
from django import forms
from django.db.models import Q

from apes_rh.models import Thematique

from .enums import FormeRessource, StatutDemande, StatutRessource, TypeRessource, Visibilite
from .models import DemandeAdhesion, Ressource


class RessourceFiltre(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Rechercher",
        method="rechercher",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "entretien, DUERP…"}),
    )
    thematique = django_filters.ModelChoiceFilter(
        label="Thème",
        field_name="thematiques",
        queryset=Thematique.objects.all(),
        empty_label="Tous les thèmes",
    )
    type = django_filters.ChoiceFilter(
        label="Type", choices=TypeRessource.choices, empty_label="Tous les types"
    )
    forme = django_filters.ChoiceFilter(
        label="Forme", choices=FormeRessource.choices, empty_label="Toutes les formes"
    )
    visibilite = django_filters.ChoiceFilter(
        label="Accès", choices=Visibilite.choices, empty_label="Tous les accès"
    )
    statut = django_filters.ChoiceFilter(
        label="Publication", choices=StatutRessource.choices, empty_label="Toutes"
    )
    tri = django_filters.OrderingFilter(
        label="Trier par",
        fields=(("date_publication", "date"), ("titre", "titre"), ("telechargements", "vues")),
        field_labels={
            "-date": "Les plus récentes",
            "titre": "Titre (A → Z)",
            "-vues": "Les plus consultées",
        },
        choices=[
            ("-date", "Les plus récentes"),
            ("titre", "Titre (A → Z)"),
            ("-vues", "Les plus consultées"),
        ],
        empty_label="Les plus récentes",
    )

    class Meta:
        model = Ressource
        fields = ["q", "thematique", "type", "forme", "visibilite", "statut"]

    def __init__(self, *args, membre: bool = False, equipe: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not membre:
            del self.filters["visibilite"]
        if not equipe:
            del self.filters["statut"]

    def rechercher(self, queryset, name, value):
        for mot in value.split()[:8]:
            queryset = queryset.filter(
                Q(titre__icontains=mot)
                | Q(resume__icontains=mot)
                | Q(contenu__icontains=mot)
                | Q(auteur_libre__icontains=mot)
                | Q(thematiques__nom__icontains=mot)
            )
        return queryset.distinct() if value.strip() else queryset


class DemandeFiltre(django_filters.FilterSet):
    statut = django_filters.ChoiceFilter(
        label="Statut",
        choices=StatutDemande.choices,
        empty_label="Ouvertes (nouvelles et en cours)",
        method="filtrer_statut",
        null_value="",
    )
    q = django_filters.CharFilter(label="Rechercher", method="rechercher")

    class Meta:
        model = DemandeAdhesion
        fields = ["statut", "territoire", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["territoire"].label = "Territoire"
        self.filters["territoire"].extra["empty_label"] = "Tous les territoires"

    @property
    def qs(self):
        qs = super().qs
        if not (
            self.form.is_bound and self.form.is_valid() and self.form.cleaned_data.get("statut")
        ):
            qs = qs.ouvertes()
        return qs

    def filtrer_statut(self, queryset, name, value):
        return queryset.filter(statut=value) if value else queryset

    def rechercher(self, queryset, name, value):
        for mot in value.split()[:8]:
            queryset = queryset.filter(
                Q(organisation_nom__icontains=mot)
                | Q(contact_nom__icontains=mot)
                | Q(contact_email__icontains=mot)
                | Q(commune__icontains=mot)
            )
        return queryset
