import datetime as dt

from django import forms
from django.utils import timezone

from ..models import Financeur, Territoire
from .perimetre import Perimetre

TAILLE_MAX_FICHIER = 50 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FiltreForm(forms.Form):
    """Period (and, for the team, perimeter) of a dashboard, a list or an export."""

    du = forms.DateField(label="Du", widget=DateInput())
    au = forms.DateField(label="Au (inclus)", widget=DateInput())
    perimetre = forms.ChoiceField(label="Périmètre", required=False)

    def __init__(self, *args, equipe: bool = False, defaut_du=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.equipe = equipe
        aujourdhui = timezone.localdate()
        self.defaut = {"du": defaut_du or aujourdhui.replace(month=1, day=1), "au": aujourdhui}
        if equipe:
            territoires = [(f"t{t.pk}", f"{t.code} — {t.nom}") for t in Territoire.objects.all()]
            financeurs = [
                (f"f{f.pk}", f"{f.nom} (vue du financeur)") for f in Financeur.objects.all()
            ]
            self.fields["perimetre"].choices = [("", "Tous les territoires")]
            if territoires:
                self.fields["perimetre"].choices.append(("Territoires", territoires))
            if financeurs:
                self.fields["perimetre"].choices.append(("Financeurs", financeurs))
        else:
            del self.fields["perimetre"]

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au and au < du:
            self.add_error("au", "La fin de la période précède son début.")
        if du and au and (au - du).days > 366 * 30:
            self.add_error("du", "La période ne peut pas dépasser trente ans.")
        return donnees

    def periode(self) -> tuple[dt.date, dt.date]:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["du"], self.cleaned_data["au"]
        return self.defaut["du"], self.defaut["au"]

    def choix_perimetre(self) -> tuple[Financeur | None, Territoire | None]:
        """The funder or territory chosen by the team (None, None: everything)."""
        valeur = ""
        if self.equipe and self.is_bound and self.is_valid():
            valeur = self.cleaned_data.get("perimetre") or ""
        if valeur.startswith("f"):
            return Financeur.objects.prefetch_related("territoires").get(pk=valeur[1:]), None
        if valeur.startswith("t"):
            return None, Territoire.objects.get(pk=valeur[1:])
        return None, None


def perimetre_pour(financeur, territoire) -> Perimetre:
    if financeur is not None:
        return Perimetre.de_financeur(financeur, list(financeur.territoires.all()))
    if territoire is not None:
        return Perimetre.de_territoire(territoire)
    return Perimetre.tout()


class FichiersMultiples(forms.ClearableFileInput):
    allow_multiple_selected = True


class ChampFichiers(forms.FileField):
    def clean(self, data, initial=None):
        fichiers = [d for d in (data if isinstance(data, list | tuple) else [data]) if d]
        if not fichiers:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(ChampFichiers, self).clean(d, initial) for d in fichiers]


class ImportForm(forms.Form):
    fichiers = ChampFichiers(
        label="Fichiers CSV ou classeur XLSX",
        widget=FichiersMultiples(attrs={"accept": ".csv,.xlsx"}),
        help_text=(
            "Déposez les fichiers CSV nommés comme les modèles (accompagnateurs.csv, "
            "organisations.csv, parcours.csv, inscriptions.csv, communautes.csv, seances.csv, "
            "participations.csv, appuis_individuels.csv), tous facultatifs, ou un seul classeur "
            "XLSX avec une feuille par fichier. 50 Mo au plus par fichier."
        ),
    )

    def clean_fichiers(self):
        from ..importation.lecture import fichier_canonique

        fichiers = self.cleaned_data["fichiers"] or []
        erreurs = []
        classeurs = [f for f in fichiers if f.name.lower().endswith(".xlsx")]
        for f in fichiers:
            nom = f.name
            if f.size > TAILLE_MAX_FICHIER:
                erreurs.append(f"« {nom} » dépasse 50 Mo.")
            elif nom.lower().endswith(".xlsx"):
                debut = f.read(4)
                f.seek(0)
                if debut != b"PK\x03\x04":
                    erreurs.append(f"« {nom} » n'est pas un classeur XLSX.")
            elif not nom.lower().endswith(".csv"):
                erreurs.append(f"« {nom} » : seuls les fichiers .csv et .xlsx sont acceptés.")
            elif fichier_canonique(nom) is None:
                erreurs.append(
                    f"« {nom} » : nom de fichier non reconnu (attendu : accompagnateurs.csv, "
                    "organisations.csv, parcours.csv, inscriptions.csv, communautes.csv, "
                    "seances.csv, participations.csv ou appuis_individuels.csv)."
                )
        if classeurs and len(fichiers) > 1:
            erreurs.append("Déposez soit des fichiers CSV, soit un seul classeur XLSX.")
        if erreurs:
            raise forms.ValidationError(erreurs)
        return fichiers


class PreferencesForm(forms.Form):
    """One checkbox per reminder this person may receive."""

    def __init__(self, *args, types=(), actuelles=None, **kwargs):
        super().__init__(*args, **kwargs)
        actuelles = actuelles or {}
        for t in types:
            self.fields[t.code] = forms.BooleanField(
                label=t.libelle,
                help_text=t.description,
                required=False,
                initial=actuelles.get(t.code, True),
            )
