import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone

from apes_rh.cache import memoiser
from apes_rh.models import Financement, Territoire, Thematique
from parcours.models import Inscription, Organisation, Parcours, Seance

from . import fichiers
from .enums import StatutMission
from .models import (
    Accompagnateur,
    AppelAManifestation,
    BilanAnnuel,
    Candidature,
    DemiJournee,
    Mission,
    Specialite,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _coaches():
    return Accompagnateur.objects.select_related("user")


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user}" + (f" ({obj.structure})" if obj.structure else "")


# ---------------------------------------------------------------------------
# Directory and profile
# ---------------------------------------------------------------------------


class AnnuaireFiltre(forms.Form):
    q = forms.CharField(label="Nom ou structure", required=False, max_length=100)
    specialite = forms.ModelChoiceField(
        label="Spécialité",
        queryset=Specialite.objects.all(),
        required=False,
        empty_label="Toutes les spécialités",
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    territoire = forms.ModelChoiceField(
        label="Territoire",
        queryset=Territoire.objects.all(),
        required=False,
        empty_label="Tous les territoires",
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class ProfilForm(forms.ModelForm):
    photo_fichier = forms.FileField(
        label="Photo",
        required=False,
        help_text="JPEG, PNG ou WebP, 3 Mo au plus. Elle apparaît dans l'annuaire public.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    retirer_photo = forms.BooleanField(label="Retirer la photo actuelle", required=False)

    class Meta:
        model = Accompagnateur
        fields = [
            "structure",
            "accroche",
            "bio",
            "specialites",
            "thematiques",
            "territoires",
            "disponibilite",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "specialites": forms.CheckboxSelectMultiple,
            "thematiques": forms.CheckboxSelectMultiple,
            "territoires": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "accroche": "Une phrase qui dit comment vous accompagnez.",
            "disponibilite": "Par exemple : « deux demi-journées par mois à partir de mars ».",
        }

    def clean_photo_fichier(self):
        fichier = self.cleaned_data.get("photo_fichier")
        if not fichier:
            return None
        return fichiers.preparer_photo(fichier)

    def save(self, commit=True):
        profil = super().save(commit=False)
        photo = self.cleaned_data.get("photo_fichier")
        if (photo or self.cleaned_data.get("retirer_photo")) and profil.photo:
            profil.photo.delete(save=False)
        if photo:
            profil.photo.save(photo.name, photo, save=False)
        if commit:
            profil.save()
            self.save_m2m()
        return profil


class ProfilEquipeForm(ProfilForm):
    """The team also manages the dates in the pool."""

    class Meta(ProfilForm.Meta):
        fields = ["entree", "sortie", *ProfilForm.Meta.fields]
        widgets = {**ProfilForm.Meta.widgets, "entree": DATE, "sortie": DATE}
        help_texts = {
            **ProfilForm.Meta.help_texts,
            "sortie": "Une personne sortie du pool disparaît de l'annuaire mais reste dans "
            "l'historique et les rapports.",
        }


class SpecialiteForm(forms.ModelForm):
    class Meta:
        model = Specialite
        fields = ["nom"]
        labels = {"nom": "Nouvelle spécialité"}


# ---------------------------------------------------------------------------
# AMI
# ---------------------------------------------------------------------------


class AppelForm(forms.ModelForm):
    class Meta:
        model = AppelAManifestation
        fields = ["titre", "description", "ouverture", "cloture"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "ouverture": DATE,
            "cloture": DATE,
        }


class CandidatureForm(forms.ModelForm):
    cv_fichier = forms.FileField(
        label="CV",
        help_text="PDF, DOC ou DOCX, 5 Mo au plus.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.doc,.docx,application/pdf,application/msword,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )
    consentement = forms.BooleanField(
        label="J'accepte que l'Apes conserve ma candidature le temps de l'examiner "
        "(et, si elle est retenue, pendant ma participation au pool).",
    )
    # Honeypot: hidden by CSS, left empty by people, filled by robots.
    site_web = forms.CharField(label="Ne pas remplir ce champ", required=False)

    class Meta:
        model = Candidature
        fields = [
            "prenom",
            "nom",
            "email",
            "telephone",
            "structure",
            "specialites",
            "autres_specialites",
            "territoires",
            "experience_ess",
            "references",
        ]
        widgets = {
            "specialites": forms.CheckboxSelectMultiple,
            "territoires": forms.CheckboxSelectMultiple,
            "experience_ess": forms.Textarea(attrs={"rows": 5}),
            "references": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "experience_ess": "Vos accompagnements de structures de l'économie sociale et "
            "solidaire : associations, coopératives, SIAE…",
            "references": "Deux ou trois missions comparables, avec un contact si possible.",
            "structure": "Votre cabinet ou votre structure, le cas échéant.",
        }

    def __init__(self, *args, appel=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.appel = appel
        self.fields["site_web"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if (
            self.appel is not None
            and Candidature.objects.filter(appel=self.appel, email__iexact=email).exists()
        ):
            raise forms.ValidationError("Une candidature avec cette adresse a déjà été reçue.")
        return email

    def clean_cv_fichier(self):
        fichier = self.cleaned_data["cv_fichier"]
        fichiers.verifier_cv(fichier)
        return fichier

    @property
    def est_un_robot(self) -> bool:
        return bool(self.data.get("site_web"))


class ExamenForm(forms.ModelForm):
    class Meta:
        model = Candidature
        fields = ["statut", "notes_internes"]
        widgets = {"notes_internes": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "statut": "« Retenue » crée le compte de la personne (invitation) et son profil ; "
            "« Retenue » et « Non retenue » lui envoient la décision par e-mail.",
            "notes_internes": "Visibles de l'équipe seulement.",
        }

    def clean_statut(self):
        statut = self.cleaned_data["statut"]
        if self.instance.decidee and statut != self.instance.statut:
            raise forms.ValidationError(
                "La décision a déjà été communiquée : le statut ne peut plus changer."
            )
        return statut


# ---------------------------------------------------------------------------
# Missions
# ---------------------------------------------------------------------------


class MissionForm(forms.ModelForm):
    accompagnateur = CoachChoiceField(
        label="Accompagnateur·trice principal·e", queryset=_coaches().none()
    )
    co_accompagnateur = CoachChoiceField(
        label="Co-accompagnateur·trice (binôme)",
        queryset=_coaches().none(),
        required=False,
        empty_label="— pas de binôme —",
    )

    class Meta:
        model = Mission
        fields = [
            "organisation",
            "thematique",
            "objectif",
            "accompagnateur",
            "co_accompagnateur",
            "budget_demi_journees",
            "debut",
            "fin",
            "statut",
            "financement",
        ]
        widgets = {"objectif": forms.Textarea(attrs={"rows": 3}), "debut": DATE, "fin": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coaches = _coaches().actifs()
        if self.instance.pk:  # keep the current coaches selectable even after they left
            coaches = _coaches().filter(
                Q(pk__in=coaches.values("pk"))
                | Q(pk__in=[self.instance.accompagnateur_id, self.instance.co_accompagnateur_id])
            )
        else:
            del self.fields["statut"]
            self.fields["debut"].initial = timezone.localdate()
        self.fields["accompagnateur"].queryset = coaches
        self.fields["co_accompagnateur"].queryset = coaches
        self.fields["organisation"].queryset = Organisation.objects.actives()
        self.fields["financement"].empty_label = "— aucune —"
        self.fields["financement"].help_text = (
            "Laisser vide à la création : la ligne du parcours que suit l'organisation. "
            "Imputée par défaut aux demi-journées de la mission."
        )


class SuggestionFiltre(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.actives(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    thematique = forms.ModelChoiceField(
        label="Thématique",
        queryset=Thematique.objects.all(),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


# ---------------------------------------------------------------------------
# Half-days
# ---------------------------------------------------------------------------


def choix_organisations(profil, courante=None) -> list:
    """Grouped choices: the coach's missions, their parcours, the organisations they already
    supported. Any other organisation is named in « Autre organisation » (the pool works with
    thousands of organisations: a select of all of them would grow with the data)."""
    missions = set(
        Mission.objects.exclude(statut=StatutMission.ANNULEE)
        .pour_accompagnateur(profil)
        .values_list("organisation_id", flat=True)
    )
    parcours = set(
        Inscription.objects.filter(parcours__accompagnateurs=profil.user_id).values_list(
            "organisation_id", flat=True
        )
    )
    deja = set(
        DemiJournee.objects.pour_accompagnateur(profil)
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    ids = missions | parcours | deja | ({courante} if courante else set())
    groupes = {"missions": [], "parcours": [], "autres": []}
    for pk, nom in Organisation.objects.filter(pk__in=ids).values_list("pk", "nom").order_by("nom"):
        cle = "missions" if pk in missions else "parcours" if pk in parcours else "autres"
        groupes[cle].append((pk, nom))
    choix = [("", "— choisir —")]
    for cle, libelle in (
        ("missions", "Mes missions"),
        ("parcours", "Mes parcours"),
        ("autres", "Déjà accompagnées"),
    ):
        if groupes[cle]:
            choix.append((libelle, groupes[cle]))
    return choix


def binomes_habituels(profil):
    """Coaches the person already works with: missions, parcours and earlier records."""
    missions = Mission.objects.pour_accompagnateur(profil)
    return (
        _coaches()
        .actifs()
        .filter(
            Q(pk__in=missions.values("accompagnateur_id"))
            | Q(pk__in=missions.values("co_accompagnateur_id"))
            | Q(
                pk__in=DemiJournee.objects.filter(accompagnateur=profil).values("co_accompagnateur")
            )
            | Q(
                pk__in=DemiJournee.objects.filter(co_accompagnateur=profil).values("accompagnateur")
            )
            | Q(
                user__in=Parcours.objects.filter(accompagnateurs=profil.user_id).values(
                    "accompagnateurs"
                )
            )
        )
        .exclude(pk=profil.pk)
        .order_by("user__last_name", "user__first_name")
    )


class _ChoixOuvert(forms.TypedChoiceField):
    """A select offering the usual choices, accepting any value that clean_<field> resolves."""

    def valid_value(self, value):
        return True


class DemiJourneeForm(forms.ModelForm):
    organisation = _ChoixOuvert(label="Organisation", coerce=int, required=False)
    autre_organisation = forms.CharField(
        label="Autre organisation (nom exact ou SIRET)",
        required=False,
        max_length=200,
        help_text="Si l'organisation n'est pas dans la liste ci-dessus.",
    )
    co_accompagnateur = CoachChoiceField(
        label="Co-accompagnateur·trice (binôme)",
        queryset=_coaches().none(),
        required=False,
        empty_label="— seul·e —",
    )
    autre_binome = forms.EmailField(
        label="Autre binôme (adresse e-mail)",
        required=False,
        help_text="Si votre binôme n'est pas dans la liste ci-dessus.",
    )
    confirmer_depassement = forms.BooleanField(
        label="Je confirme : ce relevé dépasse le budget de la mission ; l'équipe devra "
        "approuver le dépassement.",
        required=False,
    )

    class Meta:
        model = DemiJournee
        fields = [
            "date",
            "organisation",
            "demi_journees",
            "nature",
            "thematique",
            "notes",
            "co_accompagnateur",
        ]
        widgets = {
            "date": DATE,
            "nature": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 2}),
            "demi_journees": forms.NumberInput(attrs={"min": 1, "max": 20, "inputmode": "numeric"}),
        }
        help_texts = {
            "nature": "Les séances collectives de l'agenda que vous animez sont comptées "
            "automatiquement : ne les saisissez pas ici.",
        }

    field_order = [
        "date",
        "organisation",
        "autre_organisation",
        "demi_journees",
        "nature",
        "thematique",
        "notes",
        "co_accompagnateur",
        "autre_binome",
        "confirmer_depassement",
    ]

    def __init__(self, *args, profil, **kwargs):
        super().__init__(*args, **kwargs)
        self.profil = profil
        self.budget = None  # set by the view when the mission would go over budget
        courante = self.instance.organisation_id if self.instance.pk else None
        courante = courante or self.initial.get("organisation")
        # The coach's usual organisations and binômes, once per version of the data.
        self.fields["organisation"].choices = memoiser(
            f"choix_organisations:{profil.pk}:{courante}",
            lambda: choix_organisations(profil, courante),
        )
        if self.instance.pk:
            self.initial["organisation"] = self.instance.organisation_id
        else:
            self.initial.setdefault("date", timezone.localdate())
        # Any coach of the pool is accepted; the select offers only the usual binômes (the
        # others are named by e-mail), so that the page does not grow with the pool.
        champ = self.fields["co_accompagnateur"]
        champ.queryset = _coaches().actifs().exclude(pk=profil.pk)
        habituels = memoiser(
            f"binomes:{profil.pk}",
            lambda: [(c.pk, champ.label_from_instance(c)) for c in binomes_habituels(profil)],
        )
        actuel = self.instance.co_accompagnateur_id
        if actuel and all(pk != actuel for pk, _ in habituels):
            habituels += [
                (c.pk, champ.label_from_instance(c)) for c in _coaches().filter(pk=actuel)
            ]
        champ.widget.choices = [("", champ.empty_label), *habituels]
        self.fields["demi_journees"].max_value = 20

    def clean_organisation(self):
        pk = self.cleaned_data.get("organisation")
        if pk in (None, ""):
            return None
        organisation = Organisation.objects.filter(pk=pk).first() if 0 < pk < 2**63 else None
        if organisation is None:
            raise forms.ValidationError("Choisissez une organisation de la liste.")
        return organisation

    def clean_autre_organisation(self):
        texte = " ".join(self.cleaned_data["autre_organisation"].split())
        if not texte:
            return None
        siret = texte.replace(" ", "")
        if siret.isdigit():
            trouvees = list(Organisation.objects.filter(siret=siret)[:2])
        else:
            trouvees = list(Organisation.objects.actives().filter(nom__iexact=texte)[:2])
        if not trouvees:
            raise forms.ValidationError(
                "Aucune organisation ne porte ce nom ou ce SIRET : vérifiez l'orthographe, ou "
                "demandez à l'équipe de l'ajouter."
            )
        if len(trouvees) > 1:
            raise forms.ValidationError(
                "Plusieurs organisations portent ce nom : indiquez plutôt son SIRET."
            )
        return trouvees[0]

    def clean_autre_binome(self):
        email = self.cleaned_data["autre_binome"]
        if not email:
            return None
        coach = _coaches().actifs().filter(user__email__iexact=email).first()
        if coach is None:
            raise forms.ValidationError(
                "Aucun·e accompagnateur·trice du pool n'a cette adresse e-mail."
            )
        if coach.pk == self.profil.pk:
            raise forms.ValidationError("Votre binôme ne peut pas être vous-même.")
        return coach

    def clean(self):
        data = super().clean()
        autre = data.get("autre_organisation")
        if autre is not None:
            data["organisation"] = autre
        elif data.get("organisation") is None and "organisation" not in self.errors:
            self.add_error(
                "organisation",
                "Choisissez une organisation, ou nommez-la dans « Autre organisation ».",
            )
        if data.get("autre_binome") is not None:
            data["co_accompagnateur"] = data["autre_binome"]
        return data

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(
                "On enregistre une demi-journée réalisée : pas de date future."
            )
        return date

    def clean_demi_journees(self):
        n = self.cleaned_data["demi_journees"]
        if n > 20:
            raise forms.ValidationError("Au plus 20 demi-journées par relevé.")
        return n

    def champs(self) -> dict:
        return {f: self.cleaned_data[f] for f in self.Meta.fields}


class DemiJourneeEquipeForm(DemiJourneeForm):
    """The team's correction form: every field, and the mission the record is charged to."""

    mission = forms.ModelChoiceField(
        label="Mission imputée",
        queryset=Mission.objects.select_related("organisation", "thematique"),
        required=False,
        empty_label="— hors mission —",
    )
    financement = forms.ModelChoiceField(
        label="Ligne de financement imputée",
        queryset=Financement.objects.all(),
        required=False,
        empty_label="— non imputée —",
        help_text="Le changement est gardé dans l'historique du relevé.",
    )
    motif = forms.CharField(
        label="Motif de la correction",
        max_length=90,
        help_text="Gardé dans l'historique du relevé.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["confirmer_depassement"]
        self.fields["co_accompagnateur"].queryset = _coaches().exclude(pk=self.profil.pk)
        self.fields["mission"].queryset = Mission.objects.filter(
            organisation_id=self.instance.organisation_id
        ).select_related("organisation", "thematique")
        self.initial["mission"] = self.instance.mission_id
        self.initial["financement"] = self.instance.financement_id

    def clean_date(self):
        return self.cleaned_data["date"]

    def champs(self) -> dict:
        data = super().champs()
        data["mission"] = self.cleaned_data["mission"]
        data["financement"] = self.cleaned_data["financement"]
        return data


class TraitementForm(forms.Form):
    ACTIONS = [("valider", "Valider"), ("renvoyer", "Renvoyer pour correction")]
    action = forms.ChoiceField(label="Action", choices=ACTIONS)
    ids = forms.TypedMultipleChoiceField(label="Relevés", coerce=int, choices=[])
    commentaire = forms.CharField(
        label="Commentaire (obligatoire pour un renvoi)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    approuver_depassement = forms.BooleanField(
        label="J'approuve les dépassements de budget des relevés cochés", required=False
    )

    def __init__(self, *args, ids_possibles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(i, i) for i in ids_possibles]
        self.fields["ids"].error_messages["required"] = "Cochez au moins un relevé."
        self.fields["ids"].error_messages["invalid_choice"] = (
            "Un des relevés cochés n'est plus en attente : rechargez la page."
        )

    def clean(self):
        data = super().clean()
        if data.get("action") == "renvoyer" and not (data.get("commentaire") or "").strip():
            self.add_error("commentaire", "Dites ce qu'il faut corriger.")
        return data


class PeriodeForm(forms.Form):
    du = forms.DateField(label="Du", widget=DATE)
    au = forms.DateField(label="Au", widget=DATE)

    @classmethod
    def depuis(cls, params, defaut_du=None, defaut_au=None):
        today = timezone.localdate()
        defaut_du = defaut_du or today.replace(month=1, day=1)
        defaut_au = defaut_au or today.replace(month=12, day=31)
        data = {"du": params.get("du") or defaut_du, "au": params.get("au") or defaut_au}
        form = cls(data)
        if form.is_valid():
            return form, form.cleaned_data["du"], form.cleaned_data["au"]
        return form, defaut_du, defaut_au

    def clean(self):
        data = super().clean()
        if data.get("du") and data.get("au") and data["au"] < data["du"]:
            self.add_error("au", "La fin de la période précède son début.")
        return data


class BilanForm(forms.ModelForm):
    class Meta:
        model = BilanAnnuel
        fields = ["seance", "notes", "decisions"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 10}),
            "decisions": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "seance": "La réunion de bilan du pool, programmée dans l'agenda.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        libres = Seance.objects.filter(
            Q(bilan_pool__isnull=True) | Q(pk=self.instance.seance_id)
        ).order_by("-date")
        self.fields["seance"].queryset = libres
