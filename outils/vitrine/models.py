"""Vitrine, resource library and MOOC (axe 4). These models belong to the `outils` app.

Theme pages, testimonials and requests to join make people want to start; resources
and the MOOC help them keep going.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from apes_rh.stockage import stockage_prive

from .enums import (
    FormeRessource,
    Licence,
    StatutDemande,
    StatutRessource,
    StatutTemoignage,
    TrancheEffectif,
    TypeRessource,
    TypeStructure,
    Visibilite,
)
from .fichiers import valider_fichier
from .medias import paragraphes, texte_riche, valider_video, video_embed
from .stockage import chemin_attestation, chemin_ressource, chemin_support

__all__ = [
    "Attestation",
    "DemandeAdhesion",
    "EpingleRessource",
    "Lecon",
    "Module",
    "Progression",
    "QuestionQuiz",
    "Ressource",
    "Temoignage",
    "ThemeVitrine",
]


def _est_membre(user) -> bool:
    from .perms import est_membre

    return est_membre(user)


def _est_equipe(user) -> bool:
    from apes_rh.perms import is_equipe

    return is_equipe(user)


# --------------------------------------------------------------------------- thèmes


class ThemeVitrineQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(publie=True)


class ThemeVitrine(models.Model):
    """The public page of an HR theme of the referential."""

    slug = models.SlugField("identifiant dans l'adresse", max_length=80, unique=True)
    titre = models.CharField("titre", max_length=200)
    accroche = models.CharField(
        "accroche",
        max_length=300,
        help_text="Une phrase, reprise dans les résultats des moteurs de recherche.",
    )
    description = models.TextField(
        "pourquoi c'est important",
        help_text="Paragraphes séparés par une ligne vide ; listes avec « - ».",
    )
    exemples = models.TextField(
        "exemples", blank=True, help_text="Un exemple par paragraphe (séparés par une ligne vide)."
    )
    thematique = models.OneToOneField(
        "apes_rh.Thematique",
        verbose_name="thématique correspondante",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="theme_vitrine",
        help_text="Relie la page aux séances, ressources et accompagnateurs·trices de ce thème.",
    )
    specialites = models.ManyToManyField(
        "accompagnateurs.Specialite",
        verbose_name="spécialités d'accompagnateurs·trices liées",
        blank=True,
        related_name="themes_vitrine",
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=100)
    publie = models.BooleanField("publiée", default=True)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = ThemeVitrineQuerySet.as_manager()

    class Meta:
        verbose_name = "page thème de la vitrine"
        verbose_name_plural = "pages thèmes de la vitrine"
        ordering = ["ordre", "titre"]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("vitrine:theme", kwargs={"slug": self.slug})

    @property
    def liste_exemples(self) -> list[str]:
        return paragraphes(self.exemples)

    @property
    def description_html(self) -> str:
        return texte_riche(self.description)


# --------------------------------------------------------------------------- témoignages


class TemoignageQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(statut=StatutTemoignage.PUBLIE)

    def a_relire_par(self, user):
        """Testimonials waiting for this person's validation, as pilot of the organisation."""
        if not user.is_authenticated:
            return self.none()
        from parcours.models import Membre

        organisations = (
            Membre.objects.actifs().pilotes().filter(personne=user).values("organisation")
        )
        return self.filter(statut=StatutTemoignage.A_VALIDER, organisation__in=organisations)


class Temoignage(models.Model):
    """An organisation's story: its situation, what it did, the result.

    Written by the team; when `validation_requise`, a pilot of the organisation reads it
    and approves it (or asks for changes) before it can be published.
    """

    organisation = models.ForeignKey(
        "parcours.Organisation",
        verbose_name="organisation",
        on_delete=models.CASCADE,
        related_name="temoignages",
    )
    titre = models.CharField("titre", max_length=200)
    presentation = models.CharField(
        "présentation de la structure",
        max_length=200,
        blank=True,
        help_text="Par exemple « auto-école associative du Valenciennois, 9 salarié·es ».",
    )
    personne_citee = models.CharField(
        "qui témoigne", max_length=200, blank=True, help_text="Prénom, nom et fonction."
    )
    citation = models.TextField("citation mise en avant", blank=True, max_length=600)
    situation = models.TextField("la situation de départ")
    demarche = models.TextField("ce que l'organisation a fait")
    resultat = models.TextField("les résultats")
    thematiques = models.ManyToManyField(
        "apes_rh.Thematique", verbose_name="thématiques", blank=True, related_name="temoignages"
    )
    validation_requise = models.BooleanField(
        "faire valider par l'organisation avant publication",
        default=True,
        help_text="Le ou la pilote de l'organisation relit le texte et donne son accord.",
    )
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutTemoignage.choices,
        default=StatutTemoignage.BROUILLON,
    )
    commentaire_organisation = models.TextField("remarques de l'organisation", blank=True)
    demande_validation_le = models.DateTimeField("relecture demandée le", null=True, blank=True)
    valide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="validé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    valide_le = models.DateTimeField("validé le", null=True, blank=True)
    mis_en_avant = models.BooleanField("à la une de l'accueil", default=False)
    redige_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("créé le", default=timezone.now)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    publie_le = models.DateTimeField("publié le", null=True, blank=True)

    objects = TemoignageQuerySet.as_manager()

    class Meta:
        verbose_name = "témoignage"
        ordering = ["-publie_le", "-cree_le"]
        indexes = [models.Index(fields=["statut", "-publie_le"])]

    def __str__(self):
        return f"{self.titre} ({self.organisation})"

    def get_absolute_url(self):
        return reverse("vitrine:temoignage", kwargs={"pk": self.pk})

    @property
    def est_publie(self) -> bool:
        return self.statut == StatutTemoignage.PUBLIE

    @property
    def publiable(self) -> bool:
        """May the team publish it now?"""
        if self.statut == StatutTemoignage.PUBLIE:
            return False
        if not self.validation_requise:
            return True
        return self.valide_le is not None and self.statut in (
            StatutTemoignage.VALIDE,
            StatutTemoignage.RETIRE,
        )


# --------------------------------------------------------------------------- demandes


class DemandeAdhesionQuerySet(models.QuerySet):
    def ouvertes(self):
        return self.filter(statut__in=[StatutDemande.NOUVELLE, StatutDemande.EN_COURS])


class DemandeAdhesion(models.Model):
    """A request to join the approach, sent from the public form ("Rejoindre la démarche")."""

    organisation_nom = models.CharField("nom de la structure", max_length=200)
    type_structure = models.CharField(
        "type de structure", max_length=20, choices=TypeStructure.choices
    )
    effectif = models.CharField(
        "nombre de salarié·es", max_length=10, choices=TrancheEffectif.choices
    )
    territoire = models.ForeignKey(
        "apes_rh.Territoire",
        verbose_name="territoire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demandes_adhesion",
    )
    commune = models.CharField("commune", max_length=120)
    contact_prenom = models.CharField("prénom", max_length=150)
    contact_nom = models.CharField("nom", max_length=150)
    contact_fonction = models.CharField("fonction", max_length=150, blank=True)
    contact_email = models.EmailField("adresse e-mail")
    contact_telephone = models.CharField("téléphone", max_length=30, blank=True)
    besoins = models.TextField("vos besoins", max_length=4000)
    thematiques = models.ManyToManyField(
        "apes_rh.Thematique",
        verbose_name="thèmes qui vous intéressent",
        blank=True,
        related_name="demandes_adhesion",
    )
    connu_par = models.CharField(
        "comment avez-vous connu la démarche ?", max_length=200, blank=True
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutDemande.choices, default=StatutDemande.NOUVELLE
    )
    note_interne = models.TextField("note de l'équipe", blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="suivie par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "parcours.Organisation",
        verbose_name="organisation créée ou rattachée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="demandes_adhesion",
    )
    recue_le = models.DateTimeField("reçue le", default=timezone.now)
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)
    accuse_envoye_le = models.DateTimeField("accusé de réception envoyé le", null=True, blank=True)

    objects = DemandeAdhesionQuerySet.as_manager()

    class Meta:
        verbose_name = "demande pour rejoindre la démarche"
        verbose_name_plural = "demandes pour rejoindre la démarche"
        ordering = ["-recue_le"]
        indexes = [models.Index(fields=["statut", "-recue_le"])]

    def __str__(self):
        return f"{self.organisation_nom} ({self.recue_le:%d/%m/%Y})"

    @property
    def contact(self) -> str:
        return f"{self.contact_prenom} {self.contact_nom}".strip()


# --------------------------------------------------------------------------- ressources


class RessourceQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(statut=StatutRessource.PUBLIEE)

    def visibles_par(self, user):
        """What this person may open. Must agree with the rule `vitrine.ressource.voir`."""
        if _est_equipe(user):
            return self.all()
        publiees = self.publiees()
        visibles = publiees if _est_membre(user) else publiees.filter(visibilite=Visibilite.PUBLIC)
        if user.is_authenticated:
            # A coach sees the resources they proposed, whatever their state.
            return self.filter(Q(pk__in=visibles.values("pk")) | Q(cree_par=user))
        return visibles


class Ressource(models.Model):
    """A file, a link or an article of the library, by theme and type."""

    titre = models.CharField("titre", max_length=200)
    resume = models.CharField(
        "résumé", max_length=500, help_text="Deux phrases : à quoi sert la ressource, pour qui."
    )
    forme = models.CharField("forme", max_length=10, choices=FormeRessource.choices)
    type = models.CharField("type", max_length=20, choices=TypeRessource.choices)
    fichier = models.FileField(
        "fichier",
        storage=stockage_prive,
        upload_to=chemin_ressource,
        max_length=255,
        blank=True,
        validators=[valider_fichier],
    )
    fichier_nom = models.CharField("nom du fichier d'origine", max_length=255, blank=True)
    fichier_type_mime = models.CharField("type du fichier", max_length=120, blank=True)
    fichier_taille = models.PositiveBigIntegerField("taille du fichier (octets)", default=0)
    lien = models.URLField("adresse du lien", max_length=500, blank=True)
    contenu = models.TextField(
        "texte de l'article",
        blank=True,
        help_text="Paragraphes séparés par une ligne vide ; listes avec « - ».",
    )
    thematiques = models.ManyToManyField(
        "apes_rh.Thematique", verbose_name="thématiques", blank=True, related_name="ressources"
    )
    visibilite = models.CharField(
        "visibilité", max_length=10, choices=Visibilite.choices, default=Visibilite.PUBLIC
    )
    statut = models.CharField(
        "statut", max_length=10, choices=StatutRessource.choices, default=StatutRessource.BROUILLON
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur·e (personne de la plateforme)",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ressources_ecrites",
    )
    auteur_libre = models.CharField(
        "auteur·e ou source",
        max_length=200,
        blank=True,
        help_text="Si l'auteur·e n'a pas de compte : « Ministère du Travail », « MRES »…",
    )
    date_publication = models.DateField("date", default=timezone.localdate)
    licence = models.CharField(
        "licence", max_length=20, choices=Licence.choices, default=Licence.CC_BY_SA
    )
    telechargements = models.PositiveIntegerField("téléchargements", default=0)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ressources_deposees",
    )
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    modifie_le = models.DateTimeField("modifiée le", auto_now=True)

    objects = RessourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource"
        ordering = ["-date_publication", "-pk"]
        indexes = [
            models.Index(fields=["statut", "visibilite", "-date_publication"]),
            models.Index(fields=["type"]),
        ]

    def __str__(self):
        return self.titre

    def save(self, *args, **kwargs):
        if self.fichier and not getattr(self.fichier, "_committed", True):
            from .fichiers import verifier_fichier

            verifie = verifier_fichier(self.fichier)
            self.fichier_nom = verifie.nom
            self.fichier_type_mime = verifie.type_mime
            self.fichier_taille = verifie.taille
        elif not self.fichier:
            self.fichier_nom, self.fichier_type_mime, self.fichier_taille = "", "", 0
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("vitrine:ressource", kwargs={"pk": self.pk})

    def clean(self):
        erreurs = {}
        if self.forme == FormeRessource.FICHIER and not self.fichier:
            erreurs["fichier"] = "Joignez le fichier à télécharger."
        if self.forme == FormeRessource.LIEN and not self.lien:
            erreurs["lien"] = "Indiquez l'adresse du lien."
        if self.forme == FormeRessource.ARTICLE and not self.contenu.strip():
            erreurs["contenu"] = "Écrivez le texte de l'article."
        if self.type == TypeRessource.VIDEO and self.lien and video_embed(self.lien) is None:
            erreurs["lien"] = (
                "Pour une vidéo, donnez un lien YouTube ou Vimeo : elle sera intégrée à la page."
            )
        if erreurs:
            raise ValidationError(erreurs)

    @property
    def auteur_affiche(self) -> str:
        if self.auteur_id:
            return str(self.auteur)
        return self.auteur_libre

    @property
    def video(self) -> str | None:
        return video_embed(self.lien) if self.type == TypeRessource.VIDEO else None

    @property
    def contenu_html(self) -> str:
        return texte_riche(self.contenu)

    @property
    def est_publique(self) -> bool:
        return self.visibilite == Visibilite.PUBLIC and self.statut == StatutRessource.PUBLIEE


class EpingleRessource(models.Model):
    """A pilot pinned a resource to their organisation's improvement plan, or one of its actions."""

    ressource = models.ForeignKey(Ressource, on_delete=models.CASCADE, related_name="epingles")
    organisation = models.ForeignKey(
        "parcours.Organisation", on_delete=models.CASCADE, related_name="ressources_epinglees"
    )
    action = models.ForeignKey(
        "outils.Action",
        verbose_name="action du plan",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ressources_epinglees",
    )
    note = models.CharField("pourquoi cette ressource", max_length=300, blank=True)
    epinglee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    epinglee_le = models.DateTimeField("épinglée le", default=timezone.now)

    class Meta:
        verbose_name = "ressource épinglée"
        verbose_name_plural = "ressources épinglées"
        ordering = ["-epinglee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["ressource", "organisation", "action"], name="epingle_ressource_unique"
            ),
        ]

    def __str__(self):
        return f"{self.ressource} → {self.organisation}"


# --------------------------------------------------------------------------- MOOC


class ModuleQuerySet(models.QuerySet):
    def publies(self):
        return self.filter(publie=True)

    def visibles_par(self, user):
        """Modules whose lessons this person may read (rule `vitrine.module.lire`)."""
        if _est_equipe(user):
            return self.all()
        if _est_membre(user):
            return self.publies()
        return self.publies().filter(public=True)


class Module(models.Model):
    code = models.SlugField("identifiant", max_length=80, unique=True)
    titre = models.CharField("titre", max_length=200)
    resume = models.TextField("résumé")
    public = models.BooleanField(
        "ouvert à tous", default=True, help_text="Sinon, réservé aux membres connectés."
    )
    theme = models.ForeignKey(
        ThemeVitrine,
        verbose_name="thème",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="modules",
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=100)
    publie = models.BooleanField("publié", default=True)
    cree_le = models.DateTimeField("créé le", default=timezone.now)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        verbose_name = "module du MOOC"
        verbose_name_plural = "modules du MOOC"
        ordering = ["ordre", "titre"]

    def __str__(self):
        return self.titre

    def get_absolute_url(self):
        return reverse("vitrine:module", kwargs={"code": self.code})


class LeconQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(publiee=True)


class Lecon(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lecons")
    ordre = models.PositiveSmallIntegerField("ordre", default=1)
    titre = models.CharField("titre", max_length=200)
    duree_minutes = models.PositiveSmallIntegerField(
        "durée (minutes)", default=10, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    contenu = models.TextField(
        "contenu", help_text="Paragraphes séparés par une ligne vide ; listes avec « - »."
    )
    video_url = models.URLField(
        "vidéo (lien YouTube ou Vimeo)",
        max_length=300,
        blank=True,
        validators=[valider_video],
    )
    support = models.FileField(
        "support à télécharger",
        storage=stockage_prive,
        upload_to=chemin_support,
        max_length=255,
        blank=True,
        validators=[valider_fichier],
    )
    support_titre = models.CharField("titre du support", max_length=200, blank=True)
    support_nom = models.CharField("nom du fichier d'origine", max_length=255, blank=True)
    support_type_mime = models.CharField("type du support", max_length=120, blank=True)
    support_taille = models.PositiveBigIntegerField("taille du support (octets)", default=0)
    publiee = models.BooleanField("publiée", default=True)

    objects = LeconQuerySet.as_manager()

    class Meta:
        verbose_name = "leçon"
        ordering = ["module", "ordre", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["module", "ordre"], name="lecon_ordre_unique"),
        ]

    def __str__(self):
        return self.titre

    def save(self, *args, **kwargs):
        if self.support and not getattr(self.support, "_committed", True):
            from .fichiers import verifier_fichier

            verifie = verifier_fichier(self.support)
            self.support_nom = verifie.nom
            self.support_type_mime = verifie.type_mime
            self.support_taille = verifie.taille
        elif not self.support:
            self.support_nom, self.support_type_mime, self.support_taille = "", "", 0
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("vitrine:lecon", kwargs={"code": self.module.code, "pk": self.pk})

    @property
    def video(self) -> str | None:
        return video_embed(self.video_url)

    @property
    def contenu_html(self) -> str:
        return texte_riche(self.contenu)


class QuestionQuiz(models.Model):
    lecon = models.ForeignKey(Lecon, on_delete=models.CASCADE, related_name="questions")
    ordre = models.PositiveSmallIntegerField("ordre", default=1)
    question = models.CharField("question", max_length=500)
    choix = models.TextField("réponses proposées", help_text="Une réponse par ligne (2 à 6).")
    bonne_reponse = models.PositiveSmallIntegerField(
        "numéro de la bonne réponse",
        validators=[MinValueValidator(1), MaxValueValidator(6)],
        help_text="1 pour la première ligne, 2 pour la deuxième…",
    )
    explication = models.TextField("explication affichée après la réponse", blank=True)

    class Meta:
        verbose_name = "question de quiz"
        verbose_name_plural = "questions de quiz"
        ordering = ["lecon", "ordre", "pk"]

    def __str__(self):
        return self.question

    @property
    def liste_choix(self) -> list[str]:
        return [c.strip() for c in self.choix.splitlines() if c.strip()]

    def clean(self):
        n = len(self.liste_choix)
        if n < 2 or n > 6:
            raise ValidationError({"choix": "Proposez entre 2 et 6 réponses, une par ligne."})
        if self.bonne_reponse and self.bonne_reponse > n:
            raise ValidationError(
                {"bonne_reponse": f"Il n'y a que {n} réponses : choisissez un numéro de 1 à {n}."}
            )


class Progression(models.Model):
    """Where a logged-in person stands on a lesson: read, quiz results."""

    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="progressions_mooc"
    )
    lecon = models.ForeignKey(Lecon, on_delete=models.CASCADE, related_name="progressions")
    commencee_le = models.DateTimeField("commencée le", default=timezone.now)
    terminee_le = models.DateTimeField("terminée le", null=True, blank=True)
    quiz_score = models.PositiveSmallIntegerField("meilleur score au quiz", null=True, blank=True)
    quiz_total = models.PositiveSmallIntegerField("questions du quiz", null=True, blank=True)
    quiz_tentatives = models.PositiveSmallIntegerField("tentatives", default=0)
    quiz_dernieres_reponses = models.JSONField("dernières réponses", default=dict, blank=True)

    class Meta:
        verbose_name = "progression dans le MOOC"
        verbose_name_plural = "progressions dans le MOOC"
        constraints = [
            models.UniqueConstraint(fields=["personne", "lecon"], name="progression_unique"),
        ]

    def __str__(self):
        return f"{self.personne} — {self.lecon}"

    @property
    def terminee(self) -> bool:
        return self.terminee_le is not None


@receiver(post_delete, sender=Ressource)
@receiver(post_delete, sender=Lecon)
@receiver(post_delete, sender="outils.Attestation")
def _supprimer_fichiers(sender, instance, **kwargs):
    """Files go with their row, once the deletion is committed."""
    for champ in ("fichier", "support", "pdf"):
        fichier = getattr(instance, champ, None)
        if fichier:
            nom, stockage = fichier.name, fichier.storage
            transaction.on_commit(lambda n=nom, s=stockage: s.delete(n))


def _code_attestation() -> str:
    return secrets.token_hex(6).upper()


class Attestation(models.Model):
    """A module completed by a person: the badge, and its attestation PDF."""

    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attestations_mooc"
    )
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="attestations")
    obtenue_le = models.DateTimeField("obtenue le", default=timezone.now)
    code = models.CharField(
        "code de vérification", max_length=20, unique=True, default=_code_attestation
    )
    score = models.PositiveSmallIntegerField("bonnes réponses", default=0)
    total = models.PositiveSmallIntegerField("questions", default=0)
    pdf = models.FileField(
        "attestation PDF",
        storage=stockage_prive,
        upload_to=chemin_attestation,
        max_length=255,
        blank=True,
    )

    class Meta:
        verbose_name = "attestation de module"
        verbose_name_plural = "attestations de module"
        ordering = ["-obtenue_le"]
        constraints = [
            models.UniqueConstraint(fields=["personne", "module"], name="attestation_unique"),
        ]

    def __str__(self):
        return f"{self.module} — {self.personne}"


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def _oublier_les_attestations(sender, instance, **kwargs):
    """An anonymised person's attestation PDFs carry their name: drop them (the badge stays;
    a PDF, if ever asked again, is rebuilt with the anonymised name)."""
    if getattr(instance, "anonymise_le", None) is None:
        return
    for attestation in Attestation.objects.filter(personne=instance).exclude(pdf=""):
        nom, stockage = attestation.pdf.name, attestation.pdf.storage
        Attestation.objects.filter(pk=attestation.pk).update(pdf="")
        transaction.on_commit(lambda n=nom, s=stockage: s.delete(n))
