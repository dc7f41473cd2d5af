"""The perimeter a report covers: everything, one territory, or a funder's territories.

A funder's perimeter (DESIGN §5) is the parcours and communities of its territories, the
organisations of its territories and the coaches who worked there in the period. Communities
without a territory and sessions outside any parcours or community are region-wide: they belong
to the perimeter of funders that fund the region as such (territory `Hauts-de-France`).
"""

from dataclasses import dataclass, field

from django.db.models import Q

TERRITOIRE_REGIONAL = "Hauts-de-France"
SEUIL_PERSONNES = 3  # below this, a count of people is shown as "< 3" to funders
MASQUE = f"< {SEUIL_PERSONNES}"


@dataclass(frozen=True)
class Perimetre:
    territoire_ids: frozenset[int] | None = None  # None: no filter at all
    codes: tuple[str, ...] = ()
    regional: bool = True
    masquer: bool = False  # funder views: counts of fewer than 3 people become "< 3"
    libelle: str = "Tous les territoires"
    financeur_id: int | None = None
    financeur_code: str = ""
    territoire_id: int | None = None
    parametres: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def tout(cls) -> "Perimetre":
        return cls()

    @classmethod
    def de_territoire(cls, territoire) -> "Perimetre":
        return cls(
            territoire_ids=frozenset({territoire.pk}),
            codes=(territoire.code,),
            regional=territoire.code == TERRITOIRE_REGIONAL,
            libelle=f"Territoire {territoire.code} — {territoire.nom}",
            territoire_id=territoire.pk,
        )

    @classmethod
    def de_financeur(cls, financeur, territoires=None, territoire=None) -> "Perimetre":
        """`territoires`: the funder's territories if already loaded (saves a query);
        `territoire`: narrows the perimeter to one of them."""
        territoires = list(financeur.territoires.all()) if territoires is None else territoires
        if territoire is not None:
            territoires = [t for t in territoires if t.pk == territoire.pk]
        codes = tuple(sorted(t.code for t in territoires))
        libelle = f"{financeur.nom} — " + (", ".join(codes) if codes else "aucun territoire")
        return cls(
            territoire_ids=frozenset(t.pk for t in territoires),
            codes=codes,
            regional=TERRITOIRE_REGIONAL in codes,
            masquer=True,
            libelle=libelle,
            financeur_id=financeur.pk,
            financeur_code=financeur.code,
            territoire_id=territoire.pk if territoire else None,
        )

    @property
    def filtre(self) -> bool:
        return self.territoire_ids is not None

    # Q objects, with an optional prefix to reach the model from another one.

    def q_territoire(self, chemin: str) -> Q:
        """Rows whose `chemin` (a territory FK) is in the perimeter."""
        if not self.filtre:
            return Q()
        return Q(**{f"{chemin}__in": self.territoire_ids})

    def q_communaute(self, prefixe: str = "") -> Q:
        """Communities of the perimeter (region-wide ones for a regional perimeter)."""
        if not self.filtre:
            return Q()
        q = Q(**{f"{prefixe}territoire_id__in": self.territoire_ids})
        if self.regional:
            q |= Q(**{f"{prefixe}territoire__isnull": True})
        return q

    def q_seance(self, prefixe: str = "") -> Q:
        """Sessions of the perimeter's parcours and communities (and region-wide events)."""
        if not self.filtre:
            return Q()
        q = Q(**{f"{prefixe}parcours__territoire_id__in": self.territoire_ids}) | Q(
            **{f"{prefixe}communaute__territoire_id__in": self.territoire_ids}
        )
        if self.regional:
            q |= Q(
                **{
                    f"{prefixe}communaute__isnull": False,
                    f"{prefixe}communaute__territoire__isnull": True,
                }
            )
            q |= Q(**{f"{prefixe}parcours__isnull": True, f"{prefixe}communaute__isnull": True})
        return q

    def as_dict(self) -> dict:
        return {
            "libelle": self.libelle,
            "territoires": list(self.codes),
            "financeur": self.financeur_code or None,
            "masque": self.masquer,
        }


def masquer_personnes(valeur):
    """A count of people as a funder sees it."""
    if isinstance(valeur, int) and valeur < SEUIL_PERSONNES:
        return MASQUE
    return valeur
