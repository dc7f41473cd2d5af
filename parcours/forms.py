"""Forms of the parcours app. Messages are French and attached to the field they concern."""

from django import forms
from django.db.models import Q

from apes_rh.models import User

from .enums import EtapeParcours, RoleMembre, StatutInscription
from .models import Membre, Organisation, Parcours, Seance
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
            "financement",
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
        self.fields["financement"].empty_label = "— aucune —"

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


# --- Sessions -------------------------------------------------------------------------------


def animateurs_possibles():
    """Facilitators: the coaches of the pool and the team."""
    return User.objects.filter(
        Q(accompagnateur__isnull=False) | Q(equipe=True), is_active=True
    ).order_by("last_name", "first_name")


class SeanceForm(forms.ModelForm):
    """The team schedules a session. Conflicts (a facilitator already booked) are flagged
    and must be confirmed; the length in half-days is derived from the times unless typed."""

    confirmer_conflits = forms.BooleanField(
        label="Je maintiens ces horaires malgré le conflit d'animation",
        required=False,
    )
    lien_visio = forms.URLField(
        label="Lien de visio",
        required=False,
        assume_scheme="https",
        help_text="Communiqué uniquement aux personnes inscrites.",
        error_messages={"invalid": "Saisissez une adresse web valide (https://…)."},
    )
    suivantes_de_la_serie = forms.BooleanField(
        label="Appliquer aussi les nouveaux horaires, lieu et lien aux séances suivantes de "
        "la série",
        required=False,
        help_text="Chaque séance garde sa date ; les personnes inscrites à chacune sont prévenues.",
    )

    class Meta:
        model = Seance
        fields = [
            "titre",
            "type",
            "parcours",
            "communaute",
            "date",
            "heure_debut",
            "heure_fin",
            "demi_journees",
            "lieu",
            "ville",
            "lien_visio",
            "capacite",
            "publique",
            "description",
            "thematiques",
            "animateurs",
            "coorganisateurs",
            "financement",
        ]
        widgets = {
            "date": DATE_WIDGET,
            "heure_debut": TIME_WIDGET,
            "heure_fin": TIME_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "thematiques": forms.CheckboxSelectMultiple,
            "animateurs": forms.CheckboxSelectMultiple,
            "coorganisateurs": forms.CheckboxSelectMultiple,
        }
        labels = {"parcours": "Parcours", "communaute": "Communauté"}
        help_texts = {
            "parcours": "Une séance appartient à un parcours, à une communauté, ou à aucun des "
            "deux (événement régional).",
            "lieu": "Adresse complète ; communiquée uniquement aux personnes inscrites.",
            "capacite": "Laisser vide : pas de limite. Au-delà, liste d'attente automatique.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflits = []
        # Keep the facilitators already chosen even if they left the pool (else saving drops them).
        deja = (
            list(self.instance.animateurs.values_list("pk", flat=True)) if self.instance.pk else []
        )
        deja += [getattr(u, "pk", u) for u in (self.initial.get("animateurs") or [])]
        self.fields["animateurs"].queryset = User.objects.filter(
            Q(pk__in=animateurs_possibles().values("pk")) | Q(pk__in=deja)
        ).order_by("last_name", "first_name")
        self.fields["parcours"].empty_label = "— aucun —"
        self.fields["communaute"].empty_label = "— aucune —"
        self.fields["demi_journees"].required = False
        self.fields[
            "demi_journees"
        ].help_text = "Laisser vide pour la déduire des horaires (jusqu'à 4 h : 1 demi-journée)."
        self.fields["parcours"].queryset = Parcours.objects.order_by("-debut")
        # The team charges the session to a funding line; empty: the line of its parcours or
        # community (_post_clean). The session's history keeps every change.
        self.fields["financement"].empty_label = "— celle du parcours ou de la communauté —"
        self.fields["financement"].help_text = (
            "Laisser vide : la ligne par défaut du parcours ou de la communauté (sans ligne "
            "par défaut, la séance reste non imputée)."
        )
        if (
            self.instance.pk
            and not self.instance.demi_journees_forcees
            and (self.instance.heure_debut and self.instance.heure_fin)
        ):
            self.initial["demi_journees"] = None
        if not (self.instance.pk and self.instance.serie):
            del self.fields["suivantes_de_la_serie"]

    def clean_capacite(self):
        capacite = self.cleaned_data.get("capacite")
        if capacite is not None and self.instance.pk:
            inscrits = self.instance.participations.avec_place().count()
            if capacite < inscrits:
                raise forms.ValidationError(
                    f"La capacité ne peut pas être inférieure au nombre de personnes déjà "
                    f"inscrites ({inscrits})."
                )
        return capacite

    def clean(self):
        data = super().clean()
        debut, fin = data.get("heure_debut"), data.get("heure_fin")
        if fin and not debut:
            self.add_error("heure_debut", "Indiquez aussi l'heure de début.")
        if debut and fin and fin <= debut:
            self.add_error("heure_fin", "L'heure de fin doit suivre l'heure de début.")
        if data.get("parcours") and data.get("communaute"):
            self.add_error(
                "communaute",
                "Une séance appartient à un parcours ou à une communauté, pas aux deux.",
            )
        if not self.errors and data.get("date"):
            from .services import conflits_animateurs

            self.conflits = conflits_animateurs(
                date=data["date"],
                heure_debut=debut,
                heure_fin=fin,
                animateurs=data.get("animateurs") or [],
                exclure=self.instance if self.instance.pk else None,
            )
            if self.conflits and not data.get("confirmer_conflits"):
                raise forms.ValidationError(
                    "Conflit d'animation : "
                    + " ; ".join(
                        f"{animateur} anime déjà « {autre.titre} »"
                        + (
                            f" de {autre.heure_debut:%H:%M} à {autre.heure_fin:%H:%M}"
                            if autre.heure_debut and autre.heure_fin
                            else " ce jour-là"
                        )
                        for animateur, autre in self.conflits
                    )
                    + ". Changez l'horaire ou cochez la case de confirmation.",
                    code="conflit",
                )
        return data

    def _post_clean(self):
        # The model's own checks run in the service (after the half-days are derived).
        demi_journees = self.cleaned_data.get("demi_journees")
        super()._post_clean()
        _sans_doublons(self)
        self.instance.demi_journees_forcees = demi_journees is not None
        if self.cleaned_data.get("financement") is None:
            self.instance.financement_id = self.instance.financement_par_defaut()
        if demi_journees is None:
            self.instance.demi_journees = Seance.demi_journees_pour(
                self.cleaned_data.get("heure_debut"), self.cleaned_data.get("heure_fin")
            )


def _sans_doublons(form) -> None:
    """The model's clean() repeats checks the form already made on a field: keep one."""
    from django.forms.forms import NON_FIELD_ERRORS

    par_champ = set()
    for champ, erreurs in form._errors.items():
        dedoublees = list(dict.fromkeys(erreurs))
        if len(dedoublees) != len(erreurs):
            form._errors[champ] = form.error_class(dedoublees)
        if champ != NON_FIELD_ERRORS:
            par_champ.update(dedoublees)
    generales = form._errors.get(NON_FIELD_ERRORS)
    if generales:
        restantes = [e for e in generales if e not in par_champ]
        if restantes:
            form._errors[NON_FIELD_ERRORS] = form.error_class(restantes, error_class="nonfield")
        else:
            del form._errors[NON_FIELD_ERRORS]


FREQUENCES = [
    ("hebdomadaire", "Toutes les semaines"),
    ("bimensuelle", "Toutes les deux semaines"),
    ("mensuelle", "Tous les mois, même jour de la semaine (ex. le 2e mardi)"),
]


class SerieForm(SeanceForm):
    frequence = forms.ChoiceField(label="Répétition", choices=FREQUENCES, initial="mensuelle")
    jusqu_au = forms.DateField(label="Jusqu'au (inclus)", widget=DATE_WIDGET)

    class Meta(SeanceForm.Meta):
        labels = {"date": "Première date"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.dates = []
        self.order_fields(
            ["titre", "type", "parcours", "communaute", "date", "frequence", "jusqu_au"]
        )

    def clean(self):
        from .services import dates_serie

        premiere, jusqu_au = self.cleaned_data.get("date"), self.cleaned_data.get("jusqu_au")
        if premiere and jusqu_au:
            if jusqu_au < premiere:
                self.add_error("jusqu_au", "La fin de la série précède la première date.")
            elif (jusqu_au - premiere).days > 366:
                self.add_error("jusqu_au", "Une série couvre au plus un an.")
            else:
                self.dates = dates_serie(
                    premiere=premiere,
                    jusqu_au=jusqu_au,
                    frequence=self.cleaned_data.get("frequence") or "mensuelle",
                )
        data = super().clean()
        if self.dates and not self.errors:
            from .services import conflits_animateurs

            conflits = []
            for date in self.dates[1:]:
                conflits += conflits_animateurs(
                    date=date,
                    heure_debut=data.get("heure_debut"),
                    heure_fin=data.get("heure_fin"),
                    animateurs=data.get("animateurs") or [],
                )
            self.conflits += conflits
            if conflits and not data.get("confirmer_conflits"):
                raise forms.ValidationError(
                    "Conflit d'animation : "
                    + " ; ".join(
                        f"{animateur} anime déjà « {autre.titre} » le {autre.date:%d/%m/%Y}"
                        for animateur, autre in conflits
                    )
                    + ". Changez l'horaire ou cochez la case de confirmation.",
                    code="conflit",
                )
        return data


class AnnulationSeanceForm(forms.Form):
    motif = forms.CharField(
        label="Message aux personnes inscrites (facultatif)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class InscriptionAutruiForm(forms.Form):
    """The team registers anyone by e-mail; a member picks colleagues."""

    collegues = forms.ModelMultipleChoiceField(
        label="Collègues à inscrire",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    email = forms.EmailField(label="Adresse e-mail de la personne", required=False)

    def __init__(self, *args, seance: Seance, user: User, equipe: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.equipe = equipe
        deja = seance.participations.exclude(statut="annule").values("personne_id")
        organisations = Membre.objects.actifs().filter(personne=user).values("organisation_id")
        self.fields["collegues"].queryset = (
            User.objects.filter(
                pk__in=Membre.objects.actifs()
                .filter(organisation__in=organisations)
                .values("personne_id"),
                is_active=True,
            )
            .exclude(pk=user.pk)
            .exclude(pk__in=deja)
            .order_by("last_name", "first_name")
        )
        if not equipe:
            del self.fields["email"]

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").strip().lower()
        if email and not User.objects.filter(email__iexact=email, is_active=True).exists():
            raise forms.ValidationError(
                "Aucun compte avec cette adresse : invitez d'abord la personne."
            )
        return email

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("collegues") and not data.get("email"):
            raise forms.ValidationError("Choisissez au moins une personne à inscrire.")
        return data

    def personnes(self) -> list[User]:
        personnes = list(self.cleaned_data.get("collegues") or [])
        if self.cleaned_data.get("email"):
            personne = User.objects.get(email__iexact=self.cleaned_data["email"])
            if personne not in personnes:
                personnes.append(personne)
        return personnes


class PresenceAjoutForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail")
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
