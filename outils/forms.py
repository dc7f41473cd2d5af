from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from apes_rh.models import User
from parcours.models import Membre

from . import fichiers
from .enums import PrioriteAction, StatutAction
from .models import Action, Axe, Diagnostic, Referentiel, Suivi, Theme

NIVEAU_CHOIX = [("", "Non renseigné"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _membres(organisation):
    return User.objects.filter(
        pk__in=Membre.objects.actifs().filter(organisation=organisation).values("personne_id")
    ).order_by("last_name", "first_name", "email")


def _themes(instance_theme_id=None):
    courant = Referentiel.objects.courant()
    q = Q(referentiel=courant) if courant else Q(pk__in=[])
    if instance_theme_id:
        q |= Q(pk=instance_theme_id)
    return Theme.objects.filter(q).order_by("referentiel__version", "ordre")


class DiagnosticForm(forms.ModelForm):
    class Meta:
        model = Diagnostic
        fields = ["titre"]
        help_texts = {"titre": "Par exemple « État des lieux 2025 » ou « Diagnostic de départ »."}


class EvaluationForm(forms.Form):
    """One criterion's answer. Prefixed by the criterion's id: one form per criterion."""

    niveau = forms.TypedChoiceField(
        label="Niveau",
        choices=NIVEAU_CHOIX,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    preuves = forms.CharField(
        label="Éléments de preuve",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Documents, pratiques ou exemples qui justifient ce niveau (facultatif).",
    )


class ReponseAvisForm(forms.Form):
    niveau = EvaluationForm.base_fields["niveau"]
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AvisDemandeForm(forms.Form):
    personnes = forms.ModelMultipleChoiceField(
        label="Membres à solliciter",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choisissez au moins un membre."},
    )
    message = forms.CharField(
        label="Message (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisation, demandeur, deja=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["personnes"].queryset = _membres(organisation).exclude(
            pk__in=[demandeur.pk, *deja]
        )


class ComparerForm(forms.Form):
    avant = forms.ModelChoiceField(
        label="Diagnostic de référence (avant)",
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    apres = forms.ModelChoiceField(
        label="Diagnostic à comparer (après)",
        queryset=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Diagnostic.objects.filter(organisation=organisation)
        self.fields["avant"].queryset = qs
        self.fields["apres"].queryset = qs

    def clean(self):
        data = super().clean()
        if data.get("avant") and data.get("avant") == data.get("apres"):
            raise ValidationError("Choisissez deux diagnostics différents.")
        return data


class AxeForm(forms.ModelForm):
    class Meta:
        model = Axe
        fields = ["titre", "description", "theme"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = _themes(self.instance.theme_id)


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "titre",
            "axe",
            "description",
            "responsable",
            "echeance",
            "priorite",
            "statut",
            "theme",
            "ressources",
        ]
        widgets = {
            "echeance": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "ressources": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["axe"].queryset = (
            Axe.objects.filter(plan=plan) if plan is not None else Axe.objects.none()
        )
        self.fields["axe"].empty_label = "Sans axe"
        self.fields["responsable"].queryset = _membres(organisation)
        self.fields["responsable"].empty_label = "Personne pour l'instant"
        self.fields["responsable"].help_text = "Une personne membre de l'organisation."
        self.fields["theme"].queryset = _themes(self.instance.theme_id)
        self.fields["theme"].empty_label = "Aucun thème"


SELECT = {"class": "form-select"}


class StatutActionForm(forms.Form):
    statut = forms.ChoiceField(
        label="Statut", choices=StatutAction.choices, widget=forms.Select(attrs=SELECT)
    )


class CommentaireForm(forms.Form):
    texte = forms.CharField(
        label="Votre commentaire", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FiltreActionsForm(forms.Form):
    statut = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[("", "Tous")] + StatutAction.choices,
        widget=forms.Select(attrs=SELECT),
    )
    priorite = forms.TypedChoiceField(
        label="Priorité",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Toutes")] + PrioriteAction.choices,
        widget=forms.Select(attrs=SELECT),
    )
    responsable = forms.ModelChoiceField(
        label="Responsable",
        required=False,
        queryset=User.objects.none(),
        empty_label="Tous",
        widget=forms.Select(attrs=SELECT),
    )
    en_retard = forms.BooleanField(
        label="En retard seulement",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsable"].queryset = _membres(organisation)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FichiersField(forms.FileField):
    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        liste = data if isinstance(data, list | tuple) else [data]
        erreurs, propres = [], []
        for f in liste:
            try:
                propres.append(super().clean(f, initial))
                fichiers.verifier(f)
            except ValidationError as exc:
                erreurs.extend(exc.messages)
        if erreurs:
            raise ValidationError(erreurs)
        return propres


class SuiviForm(forms.ModelForm):
    fichiers = FichiersField(
        label="Pièces jointes",
        help_text=(
            "PDF, documents bureautiques ou images ; "
            f"{fichiers.TAILLE_MAX_DEFAUT // (1024 * 1024)} Mo au plus par fichier."
        ),
    )

    class Meta:
        model = Suivi
        fields = ["date", "action", "realise", "difficultes", "prochaine_etape"]
        widgets = {
            "date": DateInput(),
            "realise": forms.Textarea(attrs={"rows": 4}),
            "difficultes": forms.Textarea(attrs={"rows": 3}),
            "prochaine_etape": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = Action.objects.de_organisation(organisation).order_by(
            "titre"
        )
        self.fields["action"].empty_label = "Aucune action en particulier"
        self.fields["fichiers"].widget.attrs["accept"] = fichiers.ACCEPT_HTML
        taille = fichiers.taille_max() // (1024 * 1024)
        self.fields["fichiers"].help_text = (
            f"PDF, documents bureautiques ou images ; {taille} Mo au plus par fichier. "
            "Le type est vérifié d'après le contenu du fichier."
        )

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate() + timezone.timedelta(days=366):
            raise ValidationError("Cette date est trop loin dans le futur.")
        return date


class IndicateurForm(forms.Form):
    libelle = forms.CharField(label="Indicateur", max_length=200, required=False)
    valeur = forms.DecimalField(label="Valeur", max_digits=12, decimal_places=2, required=False)
    cible = forms.DecimalField(label="Cible", max_digits=12, decimal_places=2, required=False)
    unite = forms.CharField(label="Unité", max_length=40, required=False)

    def clean(self):
        data = super().clean()
        rempli = any(data.get(k) not in (None, "") for k in ("libelle", "valeur", "cible", "unite"))
        if rempli:
            if not data.get("libelle"):
                self.add_error("libelle", "Nommez l'indicateur.")
            if data.get("valeur") is None:
                self.add_error("valeur", "Donnez la valeur atteinte.")
        data["vide"] = not rempli
        return data


IndicateurFormSet = forms.formset_factory(IndicateurForm, extra=2, max_num=20, validate_max=True)


def indicateurs_valeurs(formset) -> list[dict]:
    return [
        {
            "libelle": f.cleaned_data["libelle"],
            "valeur": f.cleaned_data["valeur"],
            "cible": f.cleaned_data.get("cible"),
            "unite": f.cleaned_data.get("unite") or "",
        }
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("vide")
    ]
