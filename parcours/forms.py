"""Forms of the parcours app. Messages are French and attached to the field they concern."""

from django import forms

from apes_rh.models import User

from .enums import EtapeParcours, RoleMembre, StatutInscription
from .models import Membre, Organisation, Parcours
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


# --- Parcours -------------------------------------------------------------------------------


def accompagnateurs_du_pool():
    """People with a coach profile (accompagnateurs app), without importing it."""
    return User.objects.filter(accompagnateur__isnull=False, is_active=True).order_by(
        "last_name", "first_name"
    )


class ParcoursForm(forms.ModelForm):
    class Meta:
        model = Parcours
        fields = [
            "code",
            "nom",
            "territoire",
            "debut",
            "fin",
            "autorite_partenaire",
            "description",
            "capacite",
            "accompagnateurs",
            "diagnostic_debut",
            "diagnostic_fin",
            "schema_debut",
            "schema_fin",
            "suivi_debut",
            "suivi_fin",
            "candidatures_ouvertes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "accompagnateurs": forms.CheckboxSelectMultiple,
            **{
                f: DATE_WIDGET
                for f in (
                    "debut",
                    "fin",
                    "diagnostic_debut",
                    "diagnostic_fin",
                    "schema_debut",
                    "schema_fin",
                    "suivi_debut",
                    "suivi_fin",
                )
            },
        }
        error_messages = {"code": {"unique": "Un parcours porte déjà ce code."}}
        labels = {"capacite": "Nombre de places (organisations)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accompagnateurs"].queryset = accompagnateurs_du_pool()

    def clean_capacite(self):
        capacite = self.cleaned_data.get("capacite")
        if capacite is not None and self.instance.pk:
            inscrites = self.instance.inscriptions.inscrites().count()
            if capacite < inscrites:
                raise forms.ValidationError(
                    f"La capacité ne peut pas être inférieure au nombre d'organisations "
                    f"déjà inscrites ({inscrites})."
                )
        return capacite


class ParcoursInscriptionForm(forms.Form):
    organisations = forms.ModelMultipleChoiceField(
        label="Organisations à inscrire",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une organisation."},
    )

    def __init__(self, *args, parcours: Parcours, tous_territoires: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Organisation.objects.actives().exclude(
            pk__in=parcours.inscriptions.inscrites().values("organisation_id")
        )
        if not tous_territoires:
            qs = qs.filter(territoire=parcours.territoire_id)
        self.fields["organisations"].queryset = qs.select_related("territoire").order_by("nom")


class CandidatureForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation candidate", queryset=Organisation.objects.none(), empty_label=None
    )
    message = forms.CharField(
        label="Pourquoi souhaitez-vous rejoindre ce parcours ?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text="Vos attentes, vos questions RH du moment, qui pilotera la démarche.",
        error_messages={"required": "Dites en quelques mots ce que vous attendez du parcours."},
    )

    def __init__(self, *args, parcours: Parcours, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        deja = parcours.inscriptions.exclude(statut=StatutInscription.REFUSEE).values(
            "organisation_id"
        )
        self.fields["organisation"].queryset = (
            Organisation.objects.pilotees_par(user).actives().exclude(pk__in=deja).order_by("nom")
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("accepter", "Accepter la candidature"), ("refuser", "Refuser la candidature")],
        widget=forms.RadioSelect,
    )
    reponse = forms.CharField(
        label="Message aux pilotes (envoyé par e-mail ; obligatoire en cas de refus)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuser" and not (data.get("reponse") or "").strip():
            self.add_error("reponse", "Expliquez en quelques mots la raison du refus.")
        return data


class EtapeForm(forms.Form):
    etape = forms.ChoiceField(label="Étape", choices=EtapeParcours.choices)
