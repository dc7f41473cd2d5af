from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, Q
from django.utils import timezone

from apes_rh.models import ligne_de_financement
from apes_rh.requetes import compter
from apes_rh.stockage import stockage_prive

from .enums import (
    EtapeCodev,
    NatureEnvoi,
    NatureNoteBulle,
    NatureRessource,
    PrioriteActionCodev,
    RoleReseau,
    StatutDemande,
    TypeCommunaute,
)
from .fichiers import chemin_ressource, chemin_support


class CommunauteQuerySet(models.QuerySet):
    def avec_compteurs(self):
        from parcours.models import Seance

        return self.annotate(
            nb_membres=compter(MembreCommunaute.objects.all(), "communaute"),
            nb_seances_a_venir=compter(
                Seance.objects.a_venir().filter(annulee=False, atelier__isnull=True),
                "communaute",
            ),
            nb_seances_passees=compter(
                Seance.objects.passees().filter(annulee=False, atelier__isnull=True),
                "communaute",
            ),
        )

    def dont_membre(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(membres__personne=user)

    def animees_par(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(animateurs=user)


class Communaute(models.Model):
    code = models.CharField("code", max_length=40, unique=True)
    nom = models.CharField("nom", max_length=200)
    type = models.CharField("type", max_length=20, choices=TypeCommunaute.choices)
    description = models.TextField("description", blank=True)
    territoire = models.ForeignKey(
        "apes_rh.Territoire",
        verbose_name="territoire (vide : toute la région)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communautes",
    )
    ouverte = models.BooleanField(
        "ouverte",
        default=True,
        help_text="Ouverte : on la rejoint librement. Fermée : sur invitation.",
    )
    animateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="animateurs·trices",
        blank=True,
        related_name="communautes_animees",
    )
    financement = ligne_de_financement(
        "communautes",
        "Ligne imputée par défaut aux séances de la communauté.",
    )

    objects = CommunauteQuerySet.as_manager()

    class Meta:
        verbose_name = "communauté"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class MembreCommunauteQuerySet(models.QuerySet):
    def de(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(personne=user)


class MembreCommunaute(models.Model):
    communaute = models.ForeignKey(Communaute, on_delete=models.CASCADE, related_name="membres")
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="communautes"
    )
    organisation = models.ForeignKey(
        "parcours.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membres_communautes",
    )
    depuis = models.DateField("depuis le", default=timezone.localdate)

    objects = MembreCommunauteQuerySet.as_manager()

    class Meta:
        verbose_name = "membre d'une communauté"
        verbose_name_plural = "membres des communautés"
        constraints = [
            models.UniqueConstraint(
                fields=["communaute", "personne"], name="membre_communaute_unique"
            ),
        ]

    def __str__(self):
        return f"{self.personne} — {self.communaute}"


class ReseauPartenaireQuerySet(models.QuerySet):
    def de_contact(self, user):
        """The networks `user` is a contact of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(contacts__personne=user)


class ReseauPartenaire(models.Model):
    code = models.CharField("code", max_length=40, unique=True)
    nom = models.CharField("nom", max_length=200)
    description = models.TextField("description", blank=True)
    site_web = models.URLField("site web", blank=True)

    objects = ReseauPartenaireQuerySet.as_manager()

    class Meta:
        verbose_name = "réseau partenaire"
        verbose_name_plural = "réseaux partenaires"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class RoleReseauPartenaireQuerySet(models.QuerySet):
    def actifs(self, le=None):
        le = le or timezone.localdate()
        return self.filter(Q(fin__isnull=True) | Q(fin__gte=le), debut__lte=le)


class RoleReseauPartenaire(models.Model):
    """Roles are fluid: several at once, each dated."""

    reseau = models.ForeignKey(ReseauPartenaire, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField("rôle", max_length=20, choices=RoleReseau.choices)
    debut = models.DateField("depuis le")
    fin = models.DateField("jusqu'au", null=True, blank=True)
    note = models.CharField("précision", max_length=255, blank=True)

    objects = RoleReseauPartenaireQuerySet.as_manager()

    class Meta:
        verbose_name = "rôle d'un réseau partenaire"
        verbose_name_plural = "rôles des réseaux partenaires"
        ordering = ["reseau", "-debut"]

    def __str__(self):
        return f"{self.reseau} : {self.get_role_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.debut and self.fin and self.fin < self.debut:
            raise ValidationError({"fin": "La date de fin précède la date de début."})

    def actif(self, le=None) -> bool:
        le = le or timezone.localdate()
        return self.debut <= le and (self.fin is None or self.fin >= le)


class ContactPartenaire(models.Model):
    reseau = models.ForeignKey(ReseauPartenaire, on_delete=models.CASCADE, related_name="contacts")
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts_partenaires"
    )
    fonction = models.CharField("fonction", max_length=120, blank=True)

    class Meta:
        verbose_name = "contact d'un réseau partenaire"
        verbose_name_plural = "contacts des réseaux partenaires"
        constraints = [
            models.UniqueConstraint(
                fields=["reseau", "personne"], name="contact_partenaire_unique"
            ),
        ]

    def __str__(self):
        return f"{self.personne} ({self.reseau})"


# ---------------------------------------------------------------------------
# Communities: membership requests and shared resources
# ---------------------------------------------------------------------------


class DemandeAdhesionQuerySet(models.QuerySet):
    def en_attente(self):
        return self.filter(statut=StatutDemande.EN_ATTENTE)


class DemandeAdhesion(models.Model):
    """A person asks to join a closed community; the team accepts or declines."""

    communaute = models.ForeignKey(
        Communaute, on_delete=models.CASCADE, related_name="demandes_adhesion"
    )
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demandes_adhesion"
    )
    message = models.TextField("message", blank=True)
    statut = models.CharField(
        "statut", max_length=20, choices=StatutDemande.choices, default=StatutDemande.EN_ATTENTE
    )
    creee_le = models.DateTimeField("demandée le", default=timezone.now)
    traitee_le = models.DateTimeField("traitée le", null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="traitée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    motif = models.CharField("motif du refus", max_length=255, blank=True)

    objects = DemandeAdhesionQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'adhésion à une communauté"
        verbose_name_plural = "demandes d'adhésion aux communautés"
        ordering = ["-creee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["communaute", "personne"],
                condition=Q(statut="en_attente"),
                name="demande_adhesion_une_en_attente",
            ),
        ]

    def __str__(self):
        return f"{self.personne} → {self.communaute} ({self.get_statut_display()})"


class RessourceCommunaute(models.Model):
    """A link or a file shared with a community's members."""

    communaute = models.ForeignKey(Communaute, on_delete=models.CASCADE, related_name="ressources")
    titre = models.CharField("titre", max_length=200)
    description = models.TextField("description", blank=True)
    nature = models.CharField("nature", max_length=10, choices=NatureRessource.choices)
    url = models.URLField("adresse du lien", blank=True, max_length=500)
    fichier = models.FileField(
        "fichier",
        upload_to=chemin_ressource,
        storage=stockage_prive,
        blank=True,
        max_length=255,
    )
    nom_fichier = models.CharField("nom du fichier", max_length=255, blank=True)
    taille = models.PositiveIntegerField("taille (octets)", null=True, blank=True)
    ajoutee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ajoutée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ajoutee_le = models.DateTimeField("ajoutée le", default=timezone.now)

    class Meta:
        verbose_name = "ressource partagée"
        verbose_name_plural = "ressources partagées"
        ordering = ["-ajoutee_le"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(nature="lien") & ~Q(url="")) | (Q(nature="fichier") & ~Q(fichier="")),
                name="ressource_lien_ou_fichier",
            ),
        ]

    def __str__(self):
        return self.titre

    @property
    def extension(self) -> str:
        return self.nom_fichier.rsplit(".", 1)[-1].upper() if "." in self.nom_fichier else ""


# ---------------------------------------------------------------------------
# Session formats, one-to-one on top of parcours.Seance
# ---------------------------------------------------------------------------


def seance_terminee(seance, maintenant=None) -> bool:
    """A session is over the day after, or on the day once its end time has passed."""
    maintenant = timezone.localtime(maintenant or timezone.now())
    if seance.date < maintenant.date():
        return True
    if seance.date == maintenant.date() and seance.heure_fin:
        return maintenant.time() >= seance.heure_fin
    return False


class BulleDialogue(models.Model):
    """A confidential peer circle for managers.

    Its notes and shared content are visible only to its participants (registered or
    present) and facilitators (`seance.animateurs`); everyone else, the team included,
    sees that it took place, its date and its attendance count (rule `bulle.contenu`).
    """

    LIMITE_PAR_DEFAUT = 8

    seance = models.OneToOneField("parcours.Seance", on_delete=models.CASCADE, related_name="bulle")
    limite = models.PositiveSmallIntegerField(
        "nombre de places",
        default=LIMITE_PAR_DEFAUT,
        validators=[MinValueValidator(2), MaxValueValidator(12)],
        help_text="Un cercle de pairs reste petit : 8 personnes au plus en général.",
    )

    class Meta:
        verbose_name = "bulle de dialogue"
        verbose_name_plural = "bulles de dialogue"

    def __str__(self):
        return f"Bulle de dialogue du {self.seance.date:%d/%m/%Y}"


class NoteBulle(models.Model):
    """A note or a shared content of a bulle: confidential (see BulleDialogue).

    `auteur` has no reverse accessor on purpose: the personal-data export walks a
    person's reverse relations, and a team member must not read bulle notes that way.
    """

    bulle = models.ForeignKey(BulleDialogue, on_delete=models.CASCADE, related_name="notes")
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nature = models.CharField(
        "nature", max_length=10, choices=NatureNoteBulle.choices, default=NatureNoteBulle.NOTE
    )
    texte = models.TextField("texte")
    lien = models.URLField("lien", blank=True, max_length=500)
    creee_le = models.DateTimeField("écrite le", default=timezone.now)

    class Meta:
        verbose_name = "note de bulle de dialogue"
        verbose_name_plural = "notes des bulles de dialogue"
        ordering = ["creee_le"]

    def __str__(self):
        return f"{self.get_nature_display()} du {self.creee_le:%d/%m/%Y}"


class Codeveloppement(models.Model):
    """A co-development workshop: six steps, one participant holds the client role."""

    seance = models.OneToOneField("parcours.Seance", on_delete=models.CASCADE, related_name="codev")
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="client·e",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="codeveloppements_client",
    )
    organisation_client = models.ForeignKey(
        "parcours.Organisation",
        verbose_name="organisation du / de la client·e",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="codeveloppements",
    )
    problematique = models.CharField("problématique en une phrase", max_length=300, blank=True)

    class Meta:
        verbose_name = "atelier de co-développement"
        verbose_name_plural = "ateliers de co-développement"

    def __str__(self):
        return f"Co-développement du {self.seance.date:%d/%m/%Y}"


class EtapeCodeveloppement(models.Model):
    codev = models.ForeignKey(Codeveloppement, on_delete=models.CASCADE, related_name="etapes")
    etape = models.PositiveSmallIntegerField("étape", choices=EtapeCodev.choices)
    contenu = models.TextField("contenu", blank=True)
    modifiee_le = models.DateTimeField("modifiée le", default=timezone.now)
    modifiee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="modifiée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "étape d'un co-développement"
        verbose_name_plural = "étapes des co-développements"
        ordering = ["codev", "etape"]
        constraints = [
            models.UniqueConstraint(fields=["codev", "etape"], name="etape_codev_unique"),
        ]

    def __str__(self):
        return f"{self.etape}. {self.get_etape_display()}"


class ActionCodeveloppement(models.Model):
    """An item of the client's action plan (step 5), copyable into the organisation's plan."""

    codev = models.ForeignKey(Codeveloppement, on_delete=models.CASCADE, related_name="actions")
    titre = models.CharField("action", max_length=200)
    description = models.TextField("précisions", blank=True)
    echeance = models.DateField("échéance", null=True, blank=True)
    priorite = models.PositiveSmallIntegerField(
        "priorité", choices=PrioriteActionCodev.choices, default=PrioriteActionCodev.MOYENNE
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)
    copiee_le = models.DateTimeField("copiée dans le plan le", null=True, blank=True)

    class Meta:
        verbose_name = "action du plan du client"
        verbose_name_plural = "actions des plans des clients"
        ordering = ["codev", "ordre", "pk"]

    def __str__(self):
        return self.titre


class AppuiThematique(models.Model):
    """Appui collectif or rencontre thématique: theme, facilitator's material, replay."""

    seance = models.OneToOneField("parcours.Seance", on_delete=models.CASCADE, related_name="appui")
    theme = models.CharField("thème de la séance", max_length=200, blank=True)
    support = models.FileField(
        "support de l'animateur·trice",
        upload_to=chemin_support,
        storage=stockage_prive,
        blank=True,
        max_length=255,
    )
    support_nom = models.CharField("nom du support", max_length=255, blank=True)
    support_taille = models.PositiveIntegerField(
        "taille du support (octets)", null=True, blank=True
    )
    lien_replay = models.URLField("lien du replay vidéo", blank=True, max_length=500)

    class Meta:
        verbose_name = "appui collectif / rencontre thématique"
        verbose_name_plural = "appuis collectifs / rencontres thématiques"

    def __str__(self):
        return self.theme or str(self.seance)


class CoOrganisation(models.Model):
    """A partner network co-organises a community session: its contacts see the registrations."""

    seance = models.ForeignKey(
        "parcours.Seance", on_delete=models.CASCADE, related_name="coorganisations"
    )
    reseau = models.ForeignKey(
        ReseauPartenaire, on_delete=models.CASCADE, related_name="coorganisations"
    )
    ajoutee_le = models.DateTimeField("ajoutée le", default=timezone.now)

    class Meta:
        verbose_name = "co-organisation d'une séance"
        verbose_name_plural = "co-organisations des séances"
        ordering = ["seance", "reseau"]
        constraints = [
            models.UniqueConstraint(fields=["seance", "reseau"], name="coorganisation_unique"),
        ]

    def __str__(self):
        return f"{self.reseau} co-organise {self.seance}"


class Atelier(models.Model):
    """A workshop (sub-session) of a joint event.

    Counting rule: the event carries the half-days of the day (e.g. 2 for a full
    day); its workshops run in parallel inside those half-days, so they add none
    (see `seances_comptant_demi_journees`). Attending a workshop registers / marks
    the person at the event too, so the event's attendance counts each person once.
    """

    seance = models.OneToOneField(
        "parcours.Seance", on_delete=models.CASCADE, related_name="atelier"
    )
    evenement = models.ForeignKey(
        "parcours.Seance", on_delete=models.CASCADE, related_name="ateliers"
    )
    ordre = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "atelier d'un événement commun"
        verbose_name_plural = "ateliers des événements communs"
        ordering = ["evenement", "ordre", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(seance=models.F("evenement")), name="atelier_pas_son_propre_evenement"
            ),
        ]

    def __str__(self):
        return f"Atelier « {self.seance.titre} »"


def seances_coorganisees_par(user):
    """Sessions whose registrations a partner contact sees: the ones their networks
    co-organise and the workshops of those (matches the rule `coorganise`)."""
    from parcours.models import Seance

    if not user.is_authenticated:
        return Seance.objects.none()
    evenements = CoOrganisation.objects.filter(reseau__contacts__personne=user).values("seance")
    return Seance.objects.filter(Q(pk__in=evenements) | Q(atelier__evenement__in=evenements))


def bulles_visibles_par(user):
    """Bulles whose notes `user` reads (matches the rule `bulle.contenu`)."""
    from parcours.enums import StatutParticipation

    if not user.is_authenticated:
        return BulleDialogue.objects.none()
    participe = Q(
        seance__participations__personne=user,
        seance__participations__statut__in=(
            StatutParticipation.INSCRIT,
            StatutParticipation.PRESENT,
        ),
    )
    return BulleDialogue.objects.filter(Q(seance__animateurs=user) | participe).distinct()


def seances_comptant_demi_journees(seances):
    """The sessions whose half-days count (DESIGN §5): not `information`, not workshops."""
    return seances.comptant_comme_collectives()


# ---------------------------------------------------------------------------
# Satisfaction questionnaire
# ---------------------------------------------------------------------------


class EnvoiQuestionnaire(models.Model):
    """Recorded before the e-mail leaves: (session, person, kind) is sent at most once."""

    seance = models.ForeignKey(
        "parcours.Seance", on_delete=models.CASCADE, related_name="envois_questionnaire"
    )
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="envois_questionnaire"
    )
    nature = models.CharField("nature", max_length=10, choices=NatureEnvoi.choices)
    envoye_le = models.DateTimeField("envoyé le", default=timezone.now)

    class Meta:
        verbose_name = "envoi du questionnaire de satisfaction"
        verbose_name_plural = "envois des questionnaires de satisfaction"
        ordering = ["-envoye_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["seance", "personne", "nature"], name="envoi_questionnaire_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_nature_display()} à {self.personne} — {self.seance}"


class Repondant(models.Model):
    """Who answered a session's questionnaire (the answer itself is stored without the name)."""

    seance = models.ForeignKey(
        "parcours.Seance", on_delete=models.CASCADE, related_name="repondants"
    )
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questionnaires_repondus"
    )
    repondu_le = models.DateTimeField("répondu le", default=timezone.now)

    class Meta:
        verbose_name = "répondant·e au questionnaire"
        verbose_name_plural = "répondant·es aux questionnaires"
        constraints = [
            models.UniqueConstraint(fields=["seance", "personne"], name="repondant_unique"),
        ]

    def __str__(self):
        return f"{self.personne} — {self.seance}"


class ReponseQuestionnaireQuerySet(models.QuerySet):
    def synthese(self):
        return self.aggregate(
            nombre=Count("pk"),
            utilite_moyenne=Avg("utilite"),
        )


class ReponseQuestionnaire(models.Model):
    """An anonymous answer: usefulness 1–5, what I take away, a theme I want next."""

    seance = models.ForeignKey(
        "parcours.Seance", on_delete=models.CASCADE, related_name="reponses_questionnaire"
    )
    utilite = models.PositiveSmallIntegerField(
        "utilité de la séance (1 à 5)",
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    retenu = models.TextField("ce que je retiens", blank=True, max_length=2000)
    thematique_souhaitee = models.ForeignKey(
        "apes_rh.Thematique",
        verbose_name="thématique souhaitée pour une prochaine séance",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme_souhaite = models.CharField("autre thème souhaité", max_length=200, blank=True)
    repondu_le = models.DateField("répondu le", default=timezone.localdate)

    objects = ReponseQuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse au questionnaire de satisfaction"
        verbose_name_plural = "réponses aux questionnaires de satisfaction"
        ordering = ["-repondu_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(utilite__gte=1) & Q(utilite__lte=5), name="reponse_utilite_1_a_5"
            ),
        ]

    def __str__(self):
        return f"Réponse du {self.repondu_le:%d/%m/%Y} — {self.seance}"
