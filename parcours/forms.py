"""Forms of the parcours app. Messages are French and attached to the field they concern."""

from django import forms

from apes_rh.models import User

from .enums import RoleMembre
from .models import Membre, Organisation
from .validators import validate_siret

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


# --- Organisations --------------------------------------------------------------------------


class SiretField(forms.CharField):
    """People paste SIRETs with spaces ("383 281 375 00048"): keep the digits only."""

    default_error_messages = {"unique": "Une organisation avec ce SIRET existe déjà."}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "SIRET")
        kwargs.setdefault("help_text", "14 chiffres, facultatif.")
        super().__init__(validators=[validate_siret], **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        value = super().to_python(value)
        return "".join(value.split()) if value else value


class OrganisationForm(forms.ModelForm):
    """The team's form: every field of the organisation's profile."""

    class Meta:
        model = Organisation
        fields = [
            "nom",
            "siret",
            "forme_juridique",
            "territoire",
            "commune",
            "effectif",
            "secteur",
            "site_web",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    siret = SiretField()
    site_web = forms.URLField(
        label="Site web",
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
        error_messages={"invalid": "Saisissez une adresse web valide (https://…)."},
    )

    def clean_siret(self):
        return self.cleaned_data.get("siret") or None

    def clean_nom(self):
        return " ".join(self.cleaned_data["nom"].split())


class OrganisationPiloteForm(OrganisationForm):
    """What a pilot may change: the territory (a funder's perimeter) stays with the team."""

    class Meta(OrganisationForm.Meta):
        fields = [f for f in OrganisationForm.Meta.fields if f != "territoire"]


ROLES_INVITATION = [
    (RoleMembre.MEMBRE, RoleMembre.MEMBRE.label),
    (RoleMembre.COPILOTE, RoleMembre.COPILOTE.label),
]


class MembreInvitationForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail")
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    role = forms.ChoiceField(label="Rôle dans la démarche", choices=ROLES_INVITATION)
    message = forms.CharField(
        label="Message personnel (facultatif)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        if (
            not Membre.objects.actifs()
            .filter(organisation=organisation, role=RoleMembre.PILOTE)
            .exists()
        ):
            self.fields["role"].choices = [
                (RoleMembre.PILOTE, RoleMembre.PILOTE.label),
                *ROLES_INVITATION,
            ]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if (
            Membre.objects.actifs()
            .filter(organisation=self.organisation, personne__email__iexact=email)
            .exists()
        ):
            raise forms.ValidationError("Cette personne est déjà membre de l'organisation.")
        return email


class MembreRoleForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=ROLES_INVITATION)


class PassationForm(forms.Form):
    nouveau = forms.ModelChoiceField(
        label="Nouveau·elle pilote",
        queryset=User.objects.none(),
        empty_label="— choisir un·e membre —",
        help_text="Seul·es les membres actuel·les de l'organisation peuvent recevoir le pilotage.",
    )
    ancien_reste_membre = forms.BooleanField(
        label="L'ancien·ne pilote reste membre de l'organisation",
        required=False,
        initial=True,
    )
    message = forms.CharField(
        label="Message (facultatif, envoyé avec l'avis de passation)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        actifs = Membre.objects.actifs().filter(organisation=organisation)
        pilotes = actifs.filter(role=RoleMembre.PILOTE).values("personne_id")
        self.fields["nouveau"].queryset = (
            User.objects.filter(pk__in=actifs.values("personne_id"))
            .exclude(pk__in=pilotes)
            .order_by("last_name", "first_name")
        )
        self.fields["nouveau"].error_messages["invalid_choice"] = (
            "Choisissez un·e membre actuel·le de l'organisation."
        )
