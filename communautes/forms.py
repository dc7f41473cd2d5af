from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from apes_rh.models import Thematique, User
from parcours.enums import StatutParticipation, TypeSeance
from parcours.models import Organisation, Seance

from .enums import EtapeCodev, NatureNoteBulle, PrioriteActionCodev, RoleReseau
from .fichiers import ACCEPT_HTML, TAILLE_MAX, verifier_fichier
from .models import Communaute, ReseauPartenaire

ACCEPT = ACCEPT_HTML


def appliquer_erreurs(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the form itself)."""
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.message_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, exc.messages)


def animateurs_possibles():
    """People who facilitate: the team and the coaches of the pool (and past facilitators)."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(equipe=True)
            | Q(accompagnateur__isnull=False)
            | Q(seances_animees__isnull=False)
            | Q(communautes_animees__isnull=False)
        )
        .distinct()
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class CommunauteForm(forms.ModelForm):
    class Meta:
        model = Communaute
        fields = [
            "code",
            "nom",
            "type",
            "description",
            "territoire",
            "ouverte",
            "animateurs",
            "financement",
        ]
        widgets = {"animateurs": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["animateurs"].queryset = animateurs_possibles()
        self.fields["code"].help_text = "Identifiant court, par exemple VIRTUELLE-2022."
        self.fields["financement"].empty_label = "— aucune —"

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class DemandeAdhesionForm(forms.Form):
    message = forms.CharField(
        label="Message à l'équipe (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Présentez-vous en quelques mots : votre structure, ce que vous attendez.",
    )


class RefusForm(forms.Form):
    motif = forms.CharField(label="Motif (envoyé à la personne)", required=False, max_length=255)


class InvitationCommunauteForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail", max_length=254)
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label="Organisation (facultatif)",
        queryset=Organisation.objects.actives(),
        required=False,
    )
    message = forms.CharField(
        label="Message personnel", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RessourceForm(forms.Form):
    titre = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    url = forms.URLField(
        label="Lien",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Un lien OU un fichier.",
    )
    fichier = forms.FileField(
        label="Fichier",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=f"PDF, bureautique, image ou texte ; {TAILLE_MAX // (1024 * 1024)} Mo au plus.",
    )

    def clean_fichier(self):
        fichier = self.cleaned_data.get("fichier")
        if fichier:
            verifier_fichier(fichier)
        return fichier

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("url")) == bool(data.get("fichier")):
            raise ValidationError("Indiquez soit un lien, soit un fichier (l'un ou l'autre).")
        return data


TYPES_FORMULAIRE = [
    (t.value, t.label)
    for t in (
        TypeSeance.APPUI_COLLECTIF,
        TypeSeance.RENCONTRE_THEMATIQUE,
        TypeSeance.BULLE_DIALOGUE,
        TypeSeance.CODEVELOPPEMENT,
        TypeSeance.INFORMATION,
    )
]


class SeanceCommunauteForm(forms.ModelForm):
    type = forms.ChoiceField(label="Format", choices=TYPES_FORMULAIRE)

    class Meta:
        model = Seance
        fields = [
            "titre",
            "type",
            "date",
            "heure_debut",
            "heure_fin",
            "demi_journees",
            "lieu",
            "lien_visio",
            "capacite",
            "description",
            "thematiques",
            "animateurs",
        ]
        widgets = {
            "date": DateInput(),
            "heure_debut": TimeInput(),
            "heure_fin": TimeInput(),
            "thematiques": forms.CheckboxSelectMultiple,
            "animateurs": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "capacite": "Vide : sans limite. Une bulle de dialogue est limitée à 8 places "
            "(modifiable ensuite sur sa page).",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["animateurs"].queryset = animateurs_possibles()
        self.fields["thematiques"].queryset = Thematique.objects.all()

    def _post_clean(self):
        # The model's full_clean runs in the service (with the community set).
        pass


class AtelierForm(forms.ModelForm):
    class Meta:
        model = Seance
        fields = [
            "titre",
            "heure_debut",
            "heure_fin",
            "lieu",
            "capacite",
            "description",
            "thematiques",
            "animateurs",
        ]
        widgets = {
            "heure_debut": TimeInput(),
            "heure_fin": TimeInput(),
            "thematiques": forms.CheckboxSelectMultiple,
            "animateurs": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["animateurs"].queryset = animateurs_possibles()

    def _post_clean(self):
        pass


class BulleLimiteForm(forms.Form):
    limite = forms.IntegerField(label="Nombre de places", min_value=2, max_value=12)


class NoteBulleForm(forms.Form):
    nature = forms.ChoiceField(label="Nature", choices=NatureNoteBulle.choices)
    texte = forms.CharField(
        label="Texte", max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    lien = forms.URLField(label="Lien (facultatif)", required=False, assume_scheme="https")


class CodevForm(forms.Form):
    client = forms.ModelChoiceField(
        label="Client·e (la personne qui expose sa problématique)",
        queryset=User.objects.none(),
        required=False,
    )
    organisation_client = forms.ModelChoiceField(
        label="Son organisation", queryset=Organisation.objects.none(), required=False
    )
    problematique = forms.CharField(
        label="Problématique en une phrase", max_length=300, required=False
    )

    def __init__(self, *args, seance: Seance, **kwargs):
        super().__init__(*args, **kwargs)
        participants = seance.participations.filter(
            statut__in=(StatutParticipation.INSCRIT, StatutParticipation.PRESENT)
        ).values("personne_id")
        self.fields["client"].queryset = User.objects.filter(pk__in=participants)
        self.fields["organisation_client"].queryset = Organisation.objects.filter(
            membres__personne__in=participants
        ).distinct()
        for etape in EtapeCodev:
            self.fields[f"etape_{etape.value}"] = forms.CharField(
                label=f"{etape.value}. {etape.label}",
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def contenus(self) -> dict[int, str]:
        return {e.value: self.cleaned_data.get(f"etape_{e.value}", "") for e in EtapeCodev}


class ActionCodevForm(forms.Form):
    titre = forms.CharField(label="Action", max_length=200)
    description = forms.CharField(
        label="Précisions", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    echeance = forms.DateField(label="Échéance", required=False, widget=DateInput())
    priorite = forms.TypedChoiceField(
        label="Priorité",
        choices=PrioriteActionCodev.choices,
        coerce=int,
        initial=PrioriteActionCodev.MOYENNE,
    )


class AppuiForm(forms.Form):
    theme = forms.CharField(label="Thème de la séance", max_length=200, required=False)
    lien_replay = forms.URLField(
        label="Lien du replay vidéo",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Adresse https:// de la vidéo (YouTube, Vimeo, PeerTube…).",
    )
    support = forms.FileField(
        label="Support de l'animateur·trice",
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=f"PDF, bureautique, image ou texte ; {TAILLE_MAX // (1024 * 1024)} Mo au plus.",
    )
    retirer_support = forms.BooleanField(label="Retirer le support actuel", required=False)

    def clean_support(self):
        support = self.cleaned_data.get("support")
        if support:
            verifier_fichier(support)
        return support


class CoOrganisationForm(forms.Form):
    reseau = forms.ModelChoiceField(
        label="Réseau partenaire co-organisateur", queryset=ReseauPartenaire.objects.all()
    )


class QuestionnaireForm(forms.Form):
    utilite = forms.TypedChoiceField(
        label="Cette séance vous a-t-elle été utile ?",
        choices=[
            (1, "1 — pas du tout"),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, "5 — tout à fait"),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    retenu = forms.CharField(
        label="Ce que je retiens",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    thematique_souhaitee = forms.ModelChoiceField(
        label="Une thématique que je souhaite pour une prochaine séance",
        queryset=Thematique.objects.all(),
        required=False,
    )
    theme_souhaite = forms.CharField(
        label="… ou un autre thème, en quelques mots", required=False, max_length=200
    )


class ReseauForm(forms.ModelForm):
    class Meta:
        model = ReseauPartenaire
        fields = ["code", "nom", "description", "site_web"]

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()


class RoleReseauForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=RoleReseau.choices)
    debut = forms.DateField(label="Depuis le", widget=DateInput())
    fin = forms.DateField(label="Jusqu'au (facultatif)", required=False, widget=DateInput())
    note = forms.CharField(label="Précision", required=False, max_length=255)


class FinRoleForm(forms.Form):
    fin = forms.DateField(label="Fin du rôle le", widget=DateInput())


class ContactPartenaireForm(forms.Form):
    email = forms.EmailField(label="Adresse e-mail", max_length=254)
    first_name = forms.CharField(label="Prénom", max_length=150, required=False)
    last_name = forms.CharField(label="Nom", max_length=150, required=False)
    fonction = forms.CharField(label="Fonction", max_length=120, required=False)
