from django import forms

from .models import Financement, Financeur, User


class InvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail", max_length=254)
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    equipe = forms.BooleanField(label="Chargée de mission (équipe Apes)", required=False)
    financeur = forms.ModelChoiceField(
        label="Contact d'un financeur",
        queryset=Financeur.objects.all(),
        required=False,
        empty_label="— aucun —",
    )
    message = forms.CharField(
        label="Message personnel (facultatif)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        if (
            user
            and user.has_usable_password()
            and not (self.data.get("equipe") or self.data.get("financeur"))
        ):
            raise forms.ValidationError(
                "Cette personne a déjà un compte actif : rien à lui envoyer."
            )
        return email


class AnonymisationForm(forms.Form):
    confirmation = forms.CharField(
        label="Pour confirmer, tapez EFFACER",
        max_length=20,
        help_text="L'effacement est définitif : nom, e-mail et profil sont supprimés ; "
        "les présences et demi-journées restent comptées, sans nom.",
    )

    def clean_confirmation(self):
        value = self.cleaned_data["confirmation"].strip()
        if value != "EFFACER":
            raise forms.ValidationError("Tapez exactement EFFACER pour confirmer.")
        return value


class RechercheForm(forms.Form):
    q = forms.CharField(label="Rechercher une personne", required=False, max_length=100)


class FinancementForm(forms.ModelForm):
    """The team's form for a funding line (budgets are whole numbers of half-days, ≥ 0)."""

    class Meta:
        model = Financement
        fields = [
            "financeur",
            "convention",
            "annee",
            "territoires",
            "budget_individuel",
            "budget_collectif",
            "notes",
        ]
        widgets = {
            "territoires": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "annee": {
                "min_value": "Indiquez une année à partir de 2000.",
                "max_value": "Indiquez une année jusqu'à 2100.",
                "invalid": "Indiquez une année (ex. 2021).",
            },
            "budget_individuel": {
                "min_value": "Le budget ne peut pas être négatif.",
                "invalid": "Indiquez un nombre entier de demi-journées.",
            },
            "budget_collectif": {
                "min_value": "Le budget ne peut pas être négatif.",
                "invalid": "Indiquez un nombre entier de demi-journées.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financeur"].empty_label = "— choisir —"
        for nom in ("budget_individuel", "budget_collectif"):
            self.fields[nom].widget.attrs.update({"min": 0, "inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        financeur, annee = data.get("financeur"), data.get("annee")
        convention = (data.get("convention") or "").strip()
        if financeur and annee and convention:
            doublon = Financement.objects.filter(
                financeur=financeur, annee=annee, convention__iexact=convention
            ).exclude(pk=self.instance.pk)
            if doublon.exists():
                self.add_error(
                    "convention",
                    "Ce financeur a déjà une ligne pour cette convention et cette année.",
                )
        # An error on `convention` also keeps the model's unique constraint from repeating it.
        return data
