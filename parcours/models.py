from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apes_rh.models import ligne_de_financement
from apes_rh.requetes import compter

from .enums import (
    EtapeParcours,
    RoleMembre,
    StatutInscription,
    StatutParticipation,
    TypeSeance,
)
from .validators import validate_siret


def organisations_suivies_ids(user):
    """Ids of the organisations a coach follows: a mission of the pool or a parcours they
    coach. The coach-pool app owns that definition (the follow-up space uses it too); it is
    imported here lazily because it sits above this app."""
    try:
        from accompagnateurs.models import organisations_suivies
    except ImportError:  # pragma: no cover - the coach-pool app is always installed
        return Inscription.objects.filter(
            statut=StatutInscription.INSCRITE, parcours__accompagnateurs=user
        ).values("organisation_id")
    return organisations_suivies(user).values("pk")


class OrganisationQuerySet(models.QuerySet):
    def actives(self):
        return self.filter(archivee=False)

    def visibles_par(self, user):
        """Organisations `user` may see (rule `organisation.voir`): the team sees them all;
        a person sees the ones they currently belong to, a coach the ones they follow
        (a mission, or a parcours they coach)."""
        from apes_rh.perms import is_equipe

        if not user.is_authenticated:
            return self.none()
        if is_equipe(user):
            return self
        today = timezone.localdate()
        membres = Membre.objects.actifs(today).filter(personne=user).values("organisation_id")
        return self.filter(Q(pk__in=membres) | Q(pk__in=organisations_suivies_ids(user)))

    def avec_effectifs(self, jour=None):
        """Annotate `nb_membres` (current members) and `nb_parcours` (current enrolments).

        Correlated subqueries rather than joined counts: a list page computes them for its 25
        rows only, instead of grouping every organisation before paginating."""
        jour = jour or timezone.localdate()
        return self.annotate(
            nb_membres=compter(Membre.objects.actifs(jour), "organisation"),
            nb_parcours=compter(
                Inscription.objects.filter(statut=StatutInscription.INSCRITE), "organisation"
            ),
        )

    def pilotees_par(self, user):
        """Organisations `user` currently pilots (or co-pilots)."""
        if not user.is_authenticated:
            return self.none()
        pilotes = Membre.objects.actifs().pilotes().filter(personne=user).values("organisation_id")
        return self.filter(pk__in=pilotes)


class Organisation(models.Model):
    nom = models.CharField("nom", max_length=200)
    siret = models.CharField(
        "SIRET",
        max_length=14,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_siret],
        help_text="14 chiffres, facultatif.",
    )
    forme_juridique = models.CharField("forme juridique", max_length=100, blank=True)
    territoire = models.ForeignKey(
        "apes_rh.Territoire",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    commune = models.CharField("commune", max_length=120, blank=True)
    effectif = models.PositiveIntegerField("effectif salarié", null=True, blank=True)
    secteur = models.CharField("secteur d'activité", max_length=120, blank=True)
    site_web = models.URLField("site web", blank=True)
    description = models.TextField("description", blank=True)
    archivee = models.BooleanField("archivée", default=False)
    creee_le = models.DateTimeField("créée le", auto_now_add=True)

    history = HistoricalRecords()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        ordering = ["nom"]
        indexes = [models.Index(fields=["nom"])]

    def __str__(self):
        return self.nom

    def save(self, *args, **kwargs):
        if self.siret == "":
            self.siret = None
        super().save(*args, **kwargs)


class MembreQuerySet(models.QuerySet):
    def actifs(self, le=None):
        le = le or timezone.localdate()
        return self.filter(Q(fin__isnull=True) | Q(fin__gte=le), debut__lte=le)

    def pilotes(self):
        return self.filter(role__in=Membre.ROLES_PILOTAGE)

    def passes(self, le=None):
        """Memberships that ended before `le` (today by default)."""
        le = le or timezone.localdate()
        return self.filter(fin__lt=le)


class Membre(models.Model):
    """A person linked to an organisation, for a period. Past periods are kept (history of pilots)."""

    ROLES_PILOTAGE = (RoleMembre.PILOTE, RoleMembre.COPILOTE)

    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="adhesions"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="membres")
    role = models.CharField(
        "rôle", max_length=20, choices=RoleMembre.choices, default=RoleMembre.MEMBRE
    )
    debut = models.DateField("depuis le", default=timezone.localdate)
    fin = models.DateField("jusqu'au", null=True, blank=True)

    history = HistoricalRecords()
    objects = MembreQuerySet.as_manager()

    class Meta:
        verbose_name = "membre"
        ordering = ["organisation", "-debut"]

    def __str__(self):
        return f"{self.personne} — {self.get_role_display()} de {self.organisation}"

    def clean(self):
        if self.fin and self.debut and self.fin < self.debut:
            raise ValidationError({"fin": "La date de fin précède la date de début."})

    @property
    def est_actif(self) -> bool:
        today = timezone.localdate()
        return self.debut <= today and (self.fin is None or self.fin >= today)

    @property
    def pilote(self) -> bool:
        return self.role in self.ROLES_PILOTAGE


class Passation(models.Model):
    """The pilot role of an organisation passed from one person to another (kept for history)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="passations"
    )
    ancien = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ancien·ne pilote",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    nouveau = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="nouveau·elle pilote",
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField("date", default=timezone.localdate)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="faite par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField("message", blank=True)
    faite_le = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "passation du pilotage"
        verbose_name_plural = "passations du pilotage"
        ordering = ["-date", "-faite_le"]

    def __str__(self):
        return f"{self.organisation} : {self.ancien or '—'} → {self.nouveau} ({self.date:%d/%m/%Y})"


class ParcoursQuerySet(models.QuerySet):
    def chevauchant(self, du, au):
        return self.filter(debut__lte=au, fin__gte=du)

    def visibles_par(self, user):
        """Parcours `user` may see (rule `parcours.voir`): the team all of them, a coach the
        ones they support, a member the ones their organisations are enrolled in."""
        from apes_rh.perms import is_equipe

        if not user.is_authenticated:
            return self.none()
        if is_equipe(user):
            return self
        organisations = Membre.objects.actifs().filter(personne=user).values("organisation_id")
        suivis = Inscription.objects.filter(
            statut=StatutInscription.INSCRITE, organisation__in=organisations
        ).values("parcours_id")
        accompagnes = Parcours.accompagnateurs.through.objects.filter(user=user).values(
            "parcours_id"
        )
        return self.filter(Q(pk__in=suivis) | Q(pk__in=accompagnes))

    def financement_pour(self, organisation_id, date) -> int | None:
        """The funding line of the parcours `organisation_id` is enrolled in on `date` (its
        individual half-days are charged there by default); the latest parcours wins."""
        return (
            self.filter(
                inscriptions__organisation_id=organisation_id,
                inscriptions__statut=StatutInscription.INSCRITE,
                debut__lte=date,
                fin__gte=date,
                financement__isnull=False,
            )
            .order_by("-debut")
            .values_list("financement_id", flat=True)
            .first()
        )

    def ouverts_aux_candidatures(self):
        return self.filter(candidatures_ouvertes=True, fin__gte=timezone.localdate())


class Parcours(models.Model):
    """A territorial cohort of organisations for a period."""

    code = models.CharField("code", max_length=40, unique=True)
    nom = models.CharField("nom", max_length=200)
    territoire = models.ForeignKey(
        "apes_rh.Territoire",
        verbose_name="territoire",
        on_delete=models.PROTECT,
        related_name="parcours",
    )
    debut = models.DateField("début")
    fin = models.DateField("fin")
    autorite_partenaire = models.CharField("collectivité partenaire", max_length=200, blank=True)
    description = models.TextField("description", blank=True)
    capacite = models.PositiveIntegerField("nombre de places", null=True, blank=True)
    accompagnateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="accompagnateurs·trices",
        blank=True,
        related_name="parcours_accompagnes",
    )
    organisations = models.ManyToManyField(
        Organisation, through="Inscription", related_name="parcours"
    )
    # The three steps of the approach, with their dates (DESIGN §1, axe 4).
    diagnostic_debut = models.DateField(
        "état des lieux et diagnostic : début", null=True, blank=True
    )
    diagnostic_fin = models.DateField("état des lieux et diagnostic : fin", null=True, blank=True)
    schema_debut = models.DateField("schéma d'amélioration : début", null=True, blank=True)
    schema_fin = models.DateField("schéma d'amélioration : fin", null=True, blank=True)
    suivi_debut = models.DateField("suivi opérationnel : début", null=True, blank=True)
    suivi_fin = models.DateField("suivi opérationnel : fin", null=True, blank=True)
    candidatures_ouvertes = models.BooleanField(
        "candidatures ouvertes",
        default=False,
        help_text="Les pilotes des organisations peuvent proposer leur candidature.",
    )
    financement = ligne_de_financement(
        "parcours",
        (
            "Ligne imputée par défaut aux séances du parcours et aux appuis individuels de "
            "ses organisations."
        ),
    )

    history = HistoricalRecords(m2m_fields=[])
    objects = ParcoursQuerySet.as_manager()

    class Meta:
        verbose_name = "parcours"
        verbose_name_plural = "parcours"
        ordering = ["-debut", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin__gte=models.F("debut")), name="parcours_fin_apres_debut"
            ),
        ]

    def __str__(self):
        return self.nom or self.code

    def clean(self):
        errors = {}
        if self.debut and self.fin and self.fin < self.debut:
            errors["fin"] = "La date de fin précède la date de début."
        precedente = None
        for etape in EtapeParcours:
            debut = getattr(self, f"{etape.value}_debut")
            fin = getattr(self, f"{etape.value}_fin")
            if debut and fin and fin < debut:
                errors[f"{etape.value}_fin"] = "La fin de l'étape précède son début."
            for nom, valeur in ((f"{etape.value}_debut", debut), (f"{etape.value}_fin", fin)):
                if valeur and self.debut and self.fin and not self.debut <= valeur <= self.fin:
                    errors.setdefault(nom, "Cette date est en dehors des dates du parcours.")
            if debut and precedente and debut < precedente:
                errors.setdefault(
                    f"{etape.value}_debut", "Cette étape commence avant la fin de la précédente."
                )
            precedente = fin or debut or precedente
        if errors:
            raise ValidationError(errors)

    @property
    def etapes(self) -> list[dict]:
        """The three steps with their dates, and whether each is past, current or to come."""
        today = timezone.localdate()
        etapes = []
        for etape in EtapeParcours:
            debut = getattr(self, f"{etape.value}_debut")
            fin = getattr(self, f"{etape.value}_fin")
            if fin and fin < today:
                etat = "passee"
            elif debut and debut <= today:
                etat = "en_cours"
            else:
                etat = "a_venir"
            etapes.append(
                {
                    "code": etape.value,
                    "label": etape.label,
                    "debut": debut,
                    "fin": fin,
                    "etat": etat,
                }
            )
        return etapes

    @property
    def phase(self) -> str:
        today = timezone.localdate()
        if today < self.debut:
            return "À venir"
        if today > self.fin:
            return "Terminé"
        en_cours = [e for e in self.etapes if e["etat"] == "en_cours"]
        return en_cours[-1]["label"] if en_cours else "En cours"


class InscriptionQuerySet(models.QuerySet):
    def inscrites(self):
        return self.filter(statut=StatutInscription.INSCRITE)

    def candidatures(self):
        return self.filter(statut=StatutInscription.CANDIDATURE)


class Inscription(models.Model):
    """An organisation in a parcours (or its application to join it)."""

    parcours = models.ForeignKey(Parcours, on_delete=models.CASCADE, related_name="inscriptions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="inscriptions"
    )
    date = models.DateField("date d'inscription", default=timezone.localdate)
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutInscription.choices,
        default=StatutInscription.INSCRITE,
    )
    etape = models.CharField(
        "étape", max_length=20, choices=EtapeParcours.choices, default=EtapeParcours.DIAGNOSTIC
    )
    message = models.TextField("message", blank=True)
    candidature_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="candidature déposée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reponse = models.TextField("réponse de l'équipe", blank=True)
    decidee_le = models.DateTimeField("décision le", null=True, blank=True)
    decidee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décision par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = InscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription à un parcours"
        verbose_name_plural = "inscriptions aux parcours"
        constraints = [
            models.UniqueConstraint(fields=["parcours", "organisation"], name="inscription_unique"),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.parcours}"


# A registration that holds a seat (the waiting list and cancellations do not).
STATUTS_PLACE = (
    StatutParticipation.INSCRIT,
    StatutParticipation.PRESENT,
    StatutParticipation.ABSENT,
    StatutParticipation.EXCUSE,
)


class SeanceQuerySet(models.QuerySet):
    def a_venir(self):
        return self.filter(date__gte=timezone.localdate())

    def passees(self):
        return self.filter(date__lt=timezone.localdate())

    def comptant_comme_collectives(self):
        """Sessions whose half-days count as collective (DESIGN §5): every type except
        `information`; a joint event's workshops (communautes' `atelier` link) add none, the
        event carries the day's half-days; a cancelled session did not take place."""
        return self.exclude(type=TypeSeance.INFORMATION).filter(atelier__isnull=True, annulee=False)

    def publiques(self):
        """Open sessions: the public agenda and feed (never cancelled ones)."""
        return self.filter(publique=True, annulee=False)

    def avec_effectifs(self):
        return self.annotate(
            nb_inscrits=models.Count(
                "participations",
                filter=Q(participations__statut__in=STATUTS_PLACE),
                distinct=True,
            ),
            nb_attente=models.Count(
                "participations",
                filter=Q(participations__statut=StatutParticipation.ATTENTE),
                distinct=True,
            ),
            nb_presents=models.Count(
                "participations",
                filter=Q(participations__statut=StatutParticipation.PRESENT),
                distinct=True,
            ),
        )

    def _ouvertes_q(self, user) -> Q:
        """Sessions open to `user`: public ones, those of the parcours their organisations
        follow, those of open communities and of the communities they belong to."""
        organisations = Membre.objects.actifs().filter(personne=user).values("organisation_id")
        parcours = Inscription.objects.filter(
            statut=StatutInscription.INSCRITE, organisation__in=organisations
        ).values("parcours_id")
        return (
            Q(publique=True)
            | Q(parcours__in=parcours)
            | Q(communaute__ouverte=True)
            | Q(communaute__membres__personne=user)
        )

    def ouvertes_a(self, user):
        """Sessions `user` may register to themselves (rule `seance.inscrire`)."""
        if not user.is_authenticated:
            return self.none()
        maintenant = timezone.localtime()
        ids = (
            Seance.objects.filter(
                self._ouvertes_q(user), annulee=False, date__gte=maintenant.date()
            )
            .exclude(date=maintenant.date(), heure_debut__lte=maintenant.time())
            .values("pk")
        )
        return self.filter(pk__in=ids)

    def visibles_par(self, user):
        """Sessions `user` may see (rule `seance.voir`)."""
        from apes_rh.perms import is_equipe

        if not user.is_authenticated:
            return self.none()
        if is_equipe(user):
            return self
        ids = Seance.objects.filter(
            self._ouvertes_q(user)
            | Q(animateurs=user)
            | Q(participations__personne=user)
            | Q(parcours__accompagnateurs=user)
            | Q(communaute__animateurs=user)
            | Q(coorganisateurs__contacts__personne=user)
        ).values("pk")
        return self.filter(pk__in=ids)


class Seance(models.Model):
    """A collective session, of a parcours or of a community (or an open regional event)."""

    # What participants are told about when the team changes it (seance_modifiee): when and
    # where. Any other field (description, capacity, funding line…) changes silently.
    CHAMPS_NOTIFIES = ("date", "heure_debut", "heure_fin", "lieu", "lien_visio")

    ref = models.CharField("référence", max_length=60, unique=True)
    titre = models.CharField("titre", max_length=200)
    type = models.CharField("type", max_length=30, choices=TypeSeance.choices)
    date = models.DateField("date")
    heure_debut = models.TimeField("heure de début", null=True, blank=True)
    heure_fin = models.TimeField("heure de fin", null=True, blank=True)
    demi_journees = models.PositiveSmallIntegerField(
        "durée en demi-journées", default=1, validators=[MinValueValidator(1)]
    )
    lieu = models.CharField("lieu", max_length=255, blank=True)
    lien_visio = models.URLField("lien de visio", blank=True)
    capacite = models.PositiveIntegerField("nombre de places", null=True, blank=True)
    description = models.TextField("description", blank=True)
    thematiques = models.ManyToManyField(
        "apes_rh.Thematique", verbose_name="thématiques", blank=True, related_name="seances"
    )
    animateurs = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="animateurs·trices",
        blank=True,
        related_name="seances_animees",
    )
    parcours = models.ForeignKey(
        Parcours, null=True, blank=True, on_delete=models.PROTECT, related_name="seances"
    )
    communaute = models.ForeignKey(
        "communautes.Communaute",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seances",
    )
    annulee = models.BooleanField("annulée", default=False)
    publique = models.BooleanField(
        "ouverte à toutes et tous",
        default=False,
        help_text="Affichée dans l'agenda public et son flux iCal ; toute personne ayant un "
        "compte peut s'y inscrire.",
    )
    ville = models.CharField(
        "commune",
        max_length=120,
        blank=True,
        help_text="Affichée publiquement ; l'adresse et le lien de visio ne le sont qu'aux "
        "personnes inscrites.",
    )
    demi_journees_forcees = models.BooleanField(
        "durée saisie à la main",
        default=False,
        help_text="Sinon, la durée en demi-journées est déduite des horaires.",
    )
    coorganisateurs = models.ManyToManyField(
        "communautes.ReseauPartenaire",
        verbose_name="partenaires co-organisateurs",
        blank=True,
        # One record of who co-organises what, shared with the communities app.
        through="communautes.CoOrganisation",
        through_fields=("seance", "reseau"),
        related_name="seances_coorganisees",
    )
    serie = models.UUIDField("série", null=True, blank=True, db_index=True, editable=False)
    sequence = models.PositiveIntegerField(
        "version (calendriers)",
        default=0,
        editable=False,
        help_text="Augmente à chaque changement d'horaire ou de lieu, pour que les agendas "
        "mettent l'événement à jour.",
    )
    motif_annulation = models.TextField("motif de l'annulation", blank=True)
    financement = ligne_de_financement(
        "seances",
        "Par défaut, celle du parcours ou de la communauté.",
    )

    # Technical fields stay out of the history: it records what people changed, and a narrow
    # historical row keeps the importer's bulk inserts in one batch on SQLite (999 parameters).
    history = HistoricalRecords(
        m2m_fields=[],
        excluded_fields=["serie", "sequence", "demi_journees_forcees", "motif_annulation"],
    )
    objects = SeanceQuerySet.as_manager()

    class Meta:
        verbose_name = "séance"
        ordering = ["date", "heure_debut"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(parcours__isnull=True) | Q(communaute__isnull=True),
                name="seance_parcours_ou_communaute",
            ),
        ]

    def __str__(self):
        return f"{self.titre} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if self._state.adding and self.financement_id is None:
            self.financement_id = self.financement_par_defaut()
        super().save(*args, **kwargs)

    def financement_par_defaut(self) -> int | None:
        """The line of its parcours or community (a regional event has none: left for the
        team to charge, the ledger shows it as not charged)."""
        if self.parcours_id:
            return self.parcours.financement_id
        if self.communaute_id:
            return self.communaute.financement_id
        return None

    def clean(self):
        if self.parcours_id and self.communaute_id:
            raise ValidationError(
                "Une séance appartient à un parcours ou à une communauté, pas aux deux."
            )
        if self.heure_debut and self.heure_fin and self.heure_fin <= self.heure_debut:
            raise ValidationError({"heure_fin": "L'heure de fin doit suivre l'heure de début."})

    @staticmethod
    def demi_journees_pour(heure_debut, heure_fin) -> int:
        """Half-days derived from the times: up to 4 hours is one half-day."""
        if not (heure_debut and heure_fin) or heure_fin <= heure_debut:
            return 1
        minutes = (heure_fin.hour * 60 + heure_fin.minute) - (
            heure_debut.hour * 60 + heure_debut.minute
        )
        return max(1, -(-minutes // 240))

    @property
    def debut(self):
        """Start as an aware datetime in Europe/Paris (midnight when the time is unknown)."""
        import datetime

        return timezone.make_aware(
            datetime.datetime.combine(self.date, self.heure_debut or datetime.time(0, 0))
        )

    @property
    def fin(self):
        import datetime

        if self.heure_fin:
            return timezone.make_aware(datetime.datetime.combine(self.date, self.heure_fin))
        return timezone.make_aware(
            datetime.datetime.combine(self.date + datetime.timedelta(days=1), datetime.time(0, 0))
        )

    @property
    def a_commence(self) -> bool:
        """Registration and cancellation by the person stop when the session starts."""
        if self.heure_debut:
            return timezone.now() >= self.debut
        return timezone.localdate() > self.date

    @property
    def cadre(self) -> str:
        return str(self.parcours or self.communaute or "Événement régional")

    def chevauche(self, autre) -> bool:
        """Same day and overlapping times (a session without times takes the whole day)."""
        if self.date != autre.date:
            return False
        if not (self.heure_debut and self.heure_fin and autre.heure_debut and autre.heure_fin):
            return True
        return self.heure_debut < autre.heure_fin and autre.heure_debut < self.heure_fin


class ParticipationQuerySet(models.QuerySet):
    def hors_bulles(self):
        """Who took part in a bulle de dialogue stays with its facilitators (DESIGN §2):
        every per-person or per-organisation figure shown to others starts here."""
        return self.exclude(seance__type=TypeSeance.BULLE_DIALOGUE)

    def avec_place(self):
        return self.filter(statut__in=STATUTS_PLACE)

    def en_attente(self):
        return self.filter(statut=StatutParticipation.ATTENTE).order_by("inscrite_le", "pk")


class Participation(models.Model):
    """A person's registration to a session, then their attendance."""

    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="participations")
    personne = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    statut = models.CharField(
        "statut",
        max_length=20,
        choices=StatutParticipation.choices,
        default=StatutParticipation.INSCRIT,
    )
    inscrite_le = models.DateTimeField("inscription le", default=timezone.now)
    inscrite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="inscrite par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    annulee_le = models.DateTimeField("annulée le", null=True, blank=True)
    promue_le = models.DateTimeField("sortie de la liste d'attente le", null=True, blank=True)
    presence_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="présence relevée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    presence_le = models.DateTimeField("présence relevée le", null=True, blank=True)

    history = HistoricalRecords()
    objects = ParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = "participation"
        ordering = ["inscrite_le"]
        constraints = [
            models.UniqueConstraint(fields=["seance", "personne"], name="participation_unique"),
        ]

    def __str__(self):
        return f"{self.personne} — {self.seance}"

    @property
    def a_une_place(self) -> bool:
        return self.statut in STATUTS_PLACE


class JetonCalendrier(models.Model):
    """The secret of a person's private iCal feed. Revoking it deletes the row."""

    personne = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jeton_calendrier"
    )
    jeton = models.CharField("jeton", max_length=64, unique=True)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "jeton de calendrier"
        verbose_name_plural = "jetons de calendrier"

    def __str__(self):
        return f"Calendrier de {self.personne}"
