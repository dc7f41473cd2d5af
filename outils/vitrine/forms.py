from django import forms
from django.core import signing
from django.db.models import Q

from apes_rh.models import Territoire, Thematique, User

from .enums import StatutDemande, StatutRessource
from .fichiers import ACCEPT_HTML, EXTENSIONS_ACCEPTEES, taille_max
from .models import DemandeAdhesion, Ressource, Temoignage

SEL_JETON = "vitrine.rejoindre"
# A human takes more than a few seconds to fill the form; robots post at once.
DELAI_MINIMUM_SECONDES = 3
# After this, the form page is stale: ask to send it again rather than reject silently.
DUREE_JETON_SECONDES = 24 * 3600


def jeton_formulaire() -> str:
    return signing.TimestampSigner(salt=SEL_JETON).sign("rejoindre")


class DemandeAdhesionForm(forms.ModelForm):
    """ "Rejoindre la démarche". Two anti-spam traps, no third party: a honeypot field
    that people never see, and a signed timestamp proving the page was displayed a few
    seconds before."""

    site_internet = forms.CharField(
        label="Ne remplissez pas ce champ",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    jeton = forms.CharField(widget=forms.HiddenInput, required=False)
    consentement = forms.BooleanField(
        label=(
            "J'accepte que l'Apes conserve ces informations pour me recontacter au sujet de "
            "la démarche progrès RH (elles sont effacées deux ans après le dernier échange)."
        ),
        error_messages={"required": "Cochez cette case pour que nous puissions vous répondre."},
    )

    class Meta:
        model = DemandeAdhesion
        fields = [
            "organisation_nom",
            "type_structure",
            "effectif",
            "territoire",
            "commune",
            "contact_prenom",
            "contact_nom",
            "contact_fonction",
            "contact_email",
            "contact_telephone",
            "besoins",
            "thematiques",
            "connu_par",
        ]
        widgets = {
            "besoins": forms.Textarea(attrs={"rows": 5}),
            "thematiques": forms.CheckboxSelectMultiple,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_prenom": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "contact_nom": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "contact_telephone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "organisation_nom": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        help_texts = {
            "besoins": "Ce qui vous amène : une situation, une question, un projet (recrutement, "
            "organisation, management, obligations d'employeur…).",
            "territoire": "Les parcours territoriaux sont organisés avec ces collectivités ; "
            "les communautés apprenantes sont ouvertes à toute la région.",
        }
        error_messages = {
            "organisation_nom": {"required": "Indiquez le nom de votre structure."},
            "type_structure": {"required": "Choisissez le type de votre structure."},
            "effectif": {"required": "Indiquez le nombre de salarié·es."},
            "commune": {"required": "Indiquez la commune de votre structure."},
            "contact_prenom": {"required": "Indiquez votre prénom."},
            "contact_nom": {"required": "Indiquez votre nom."},
            "contact_email": {
                "required": "Indiquez votre adresse e-mail pour que nous puissions vous répondre.",
                "invalid": "Cette adresse e-mail n'est pas valide.",
            },
            "besoins": {"required": "Décrivez en quelques mots vos besoins."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].queryset = Territoire.objects.order_by("nom")
        self.fields["territoire"].empty_label = "Autre territoire ou je ne sais pas"
        self.fields["territoire"].label_from_instance = lambda t: t.nom
        self.fields["thematiques"].queryset = Thematique.objects.all()
        self.fields["thematiques"].required = False
        if not self.is_bound:
            self.initial["jeton"] = jeton_formulaire()

    @property
    def est_un_robot(self) -> bool:
        """The honeypot was filled: pretend all is well and keep nothing."""
        return bool(self.data.get(self.add_prefix("site_internet"), "").strip())

    def clean_jeton(self):
        jeton = self.cleaned_data.get("jeton") or ""
        signer = signing.TimestampSigner(salt=SEL_JETON)
        try:
            signer.unsign(jeton, max_age=DUREE_JETON_SECONDES)
        except signing.SignatureExpired as exc:
            raise forms.ValidationError(
                "Cette page est restée ouverte trop longtemps : vérifiez vos réponses et "
                "envoyez à nouveau le formulaire."
            ) from exc
        except signing.BadSignature as exc:
            raise forms.ValidationError(
                "Le formulaire n'a pas pu être vérifié : envoyez-le à nouveau."
            ) from exc
        try:
            signer.unsign(jeton, max_age=DELAI_MINIMUM_SECONDES)
        except signing.SignatureExpired:
            return jeton  # old enough: a person read the page
        raise forms.ValidationError(
            "Le formulaire a été envoyé trop vite : prenez le temps de le relire, puis "
            "envoyez-le à nouveau."
        )

    def clean_contact_email(self):
        return self.cleaned_data["contact_email"].strip().lower()


class DemandeTraitementForm(forms.ModelForm):
    class Meta:
        model = DemandeAdhesion
        fields = ["statut", "note_interne"]
        widgets = {"note_interne": forms.Textarea(attrs={"rows": 4})}


class DemandeAccueilForm(forms.Form):
    territoire = forms.ModelChoiceField(
        label="Territoire de l'organisation",
        queryset=Territoire.objects.all(),
        error_messages={"required": "Choisissez le territoire de l'organisation."},
    )
    message = forms.CharField(
        label="Message joint à l'invitation (facultatif)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, demande=None, **kwargs):
        super().__init__(*args, **kwargs)
        if demande is not None and demande.territoire_id:
            self.initial.setdefault("territoire", demande.territoire_id)


class TemoignageForm(forms.ModelForm):
    class Meta:
        model = Temoignage
        fields = [
            "organisation",
            "titre",
            "presentation",
            "personne_citee",
            "citation",
            "situation",
            "demarche",
            "resultat",
            "thematiques",
            "validation_requise",
            "mis_en_avant",
        ]
        widgets = {
            "citation": forms.Textarea(attrs={"rows": 2}),
            "situation": forms.Textarea(attrs={"rows": 4}),
            "demarche": forms.Textarea(attrs={"rows": 4}),
            "resultat": forms.Textarea(attrs={"rows": 4}),
            "thematiques": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "organisation": {"required": "Choisissez l'organisation qui témoigne."},
            "titre": {"required": "Donnez un titre au témoignage."},
            "situation": {"required": "Décrivez la situation de départ."},
            "demarche": {"required": "Décrivez ce que l'organisation a fait."},
            "resultat": {"required": "Décrivez les résultats obtenus."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from parcours.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.actives()
        self.fields["thematiques"].required = False

    @property
    def texte_modifie(self) -> bool:
        from .services import CHAMPS_TEXTE_TEMOIGNAGE

        return any(champ in self.changed_data for champ in CHAMPS_TEXTE_TEMOIGNAGE)


class RelectureForm(forms.Form):
    VALIDER, MODIFIER = "valider", "modifier"
    decision = forms.ChoiceField(
        label="Votre décision",
        choices=[
            (VALIDER, "Je valide ce témoignage : il peut être publié"),
            (MODIFIER, "Je demande des modifications avant publication"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez de valider ou de demander des modifications."},
    )
    commentaire = forms.CharField(
        label="Vos remarques",
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Obligatoire si vous demandez des modifications.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.MODIFIER and not data.get("commentaire", "").strip():
            self.add_error("commentaire", "Précisez les modifications que vous souhaitez.")
        return data


class RessourceForm(forms.ModelForm):
    class Meta:
        model = Ressource
        fields = [
            "titre",
            "resume",
            "forme",
            "type",
            "fichier",
            "lien",
            "contenu",
            "thematiques",
            "visibilite",
            "auteur",
            "auteur_libre",
            "date_publication",
            "licence",
            "statut",
        ]
        widgets = {
            "resume": forms.Textarea(attrs={"rows": 2}),
            "contenu": forms.Textarea(attrs={"rows": 10}),
            "thematiques": forms.CheckboxSelectMultiple,
            "date_publication": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "fichier": forms.ClearableFileInput(attrs={"accept": ACCEPT_HTML}),
        }
        error_messages = {
            "titre": {"required": "Donnez un titre à la ressource."},
            "resume": {"required": "Résumez la ressource en une ou deux phrases."},
            "forme": {"required": "Choisissez la forme de la ressource."},
            "type": {"required": "Choisissez le type de ressource."},
            "lien": {"invalid": "Cette adresse n'est pas valide (elle commence par https://)."},
            "date_publication": {"invalid": "Indiquez une date valide (JJ/MM/AAAA)."},
        }

    def __init__(self, *args, equipe: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thematiques"].required = False
        self.fields["fichier"].help_text = (
            f"Formats acceptés : {EXTENSIONS_ACCEPTEES} ; {taille_max() // (1024 * 1024)} Mo "
            "au maximum. Le contenu du fichier est vérifié."
        )
        self.fields["auteur"].queryset = User.objects.filter(
            Q(accompagnateur__isnull=False) | Q(equipe=True), is_active=True
        ).order_by("last_name", "first_name")
        self.fields["auteur"].empty_label = "— pas de compte (voir ci-dessous) —"
        if not equipe:
            # Coaches propose; the team decides on publication and visibility defaults.
            del self.fields["statut"]
            self.fields["statut_propose"] = forms.BooleanField(
                label="Proposer tout de suite à l'équipe (sinon, brouillon)",
                required=False,
            )
        else:
            self.fields["statut"].choices = StatutRessource.choices

    def clean(self):
        # The form of the resource (file, link, article) is checked by Ressource.clean().
        data = super().clean()
        if not data.get("auteur") and not (data.get("auteur_libre") or "").strip():
            self.add_error("auteur_libre", "Indiquez l'auteur·e ou la source de la ressource.")
        return data


class EpingleForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=None,
        error_messages={"required": "Choisissez l'organisation."},
    )
    note = forms.CharField(
        label="Pourquoi cette ressource (facultatif)",
        required=False,
        max_length=300,
        help_text="Par exemple : « pour préparer les entretiens annuels de mars ».",
    )

    def __init__(self, *args, organisations, actions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if actions is not None:
            self.fields["action"] = forms.ModelChoiceField(
                label="Action du schéma d'amélioration",
                queryset=actions,
                required=False,
                empty_label="— l'organisation en général —",
            )


class QuizForm(forms.Form):
    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for numero, question in enumerate(self.questions, start=1):
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=f"{numero}. {question.question}",
                choices=[(i, c) for i, c in enumerate(question.liste_choix, start=1)],
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": "Choisissez une réponse."},
            )

    def reponses(self) -> dict[str, int | None]:
        return {str(q.pk): self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


STATUTS_FILTRE_DEMANDE = [("", "Ouvertes (nouvelles et en cours)"), *StatutDemande.choices]
