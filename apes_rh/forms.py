from django import forms

from .models import Financeur, User


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
