"""iCalendar (.ics) of sessions: e-mail attachments, the private feed, the public feed.

Times are written in Europe/Paris with its VTIMEZONE, so calendar apps place them right
across daylight-saving changes. The place and the visio link are written only when the
reader may see them (registered people, facilitators, the team).
"""

import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Apes Hauts-de-France//Démarche progrès RH//FR"


def vtimezone_paris() -> Timezone:
    """Europe/Paris with the EU rules (last Sunday of March / October) since 1996."""
    tz = Timezone()
    tz.add("tzid", "Europe/Paris")
    ete = TimezoneDaylight()
    ete.add("tzname", "CEST")
    ete.add("dtstart", datetime.datetime(1970, 3, 29, 2, 0, 0))
    ete.add("tzoffsetfrom", datetime.timedelta(hours=1))
    ete.add("tzoffsetto", datetime.timedelta(hours=2))
    ete.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    hiver = TimezoneStandard()
    hiver.add("tzname", "CET")
    hiver.add("dtstart", datetime.datetime(1970, 10, 25, 3, 0, 0))
    hiver.add("tzoffsetfrom", datetime.timedelta(hours=2))
    hiver.add("tzoffsetto", datetime.timedelta(hours=1))
    hiver.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(ete)
    tz.add_component(hiver)
    return tz


def _domaine() -> str:
    return urlsplit(settings.SITE_URL).hostname or "apes-hdf.org"


def uid(seance) -> str:
    return f"seance-{seance.pk}@{_domaine()}"


def evenement(seance, *, avec_acces: bool, annule: bool = False, lien: str | None = None) -> Event:
    """One VEVENT. `avec_acces`: write the place and visio link. `annule`: for this reader,
    the event is cancelled (session cancelled, or their registration cancelled)."""
    site = settings.SITE_URL.rstrip("/")
    event = Event()
    event.add("uid", uid(seance))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("sequence", seance.sequence + (1 if annule and not seance.annulee else 0))
    event.add("summary", seance.titre)
    if seance.heure_debut:
        debut = datetime.datetime.combine(seance.date, seance.heure_debut, tzinfo=PARIS)
        fin_heure = (
            seance.heure_fin
            or (
                datetime.datetime.combine(seance.date, seance.heure_debut)
                + datetime.timedelta(hours=3)
            ).time()
        )
        event.add("dtstart", debut)
        event.add("dtend", datetime.datetime.combine(seance.date, fin_heure, tzinfo=PARIS))
    else:
        event.add("dtstart", seance.date)
        event.add("dtend", seance.date + datetime.timedelta(days=1))
    lignes = [f"{seance.get_type_display()} — {seance.cadre}"]
    if seance.description:
        lignes.append(seance.description)
    if avec_acces and seance.lien_visio:
        lignes.append(f"Lien de visio : {seance.lien_visio}")
    url = lien or site + reverse("parcours:seance", args=[seance.pk])
    lignes.append(url)
    event.add("description", "\n\n".join(lignes))
    event.add("url", url)
    if avec_acces and (seance.lieu or seance.lien_visio):
        event.add("location", seance.lieu or seance.lien_visio)
    elif seance.ville:
        event.add("location", seance.ville)
    event.add("status", "CANCELLED" if (annule or seance.annulee) else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if (annule or seance.annulee) else "OPAQUE")
    return event


def calendrier(events, *, nom: str, method: str | None = None) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", nom)
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    cal.add_component(vtimezone_paris())
    for event in events:
        cal.add_component(event)
    return cal.to_ical()


def ics_seance(
    seance, *, avec_acces: bool, annule: bool = False, method: str = "PUBLISH", pour=None
) -> bytes:
    """The attachment of an e-mail about one session.

    `method`: PUBLISH (registration), REQUEST (the session changed: same UID, higher
    SEQUENCE, calendar apps update the event) or CANCEL (STATUS:CANCELLED, they remove it).
    iTIP (RFC 5546) wants an ORGANIZER and the ATTENDEE for REQUEST and CANCEL: the team's
    address and `pour`, the recipient.
    """
    event = evenement(seance, avec_acces=avec_acces, annule=annule)
    if method != "PUBLISH":
        _, adresse = parseaddr(settings.DEFAULT_FROM_EMAIL)
        event.add("organizer", f"mailto:{adresse}", parameters={"CN": "Apes — mission RH"})
        if pour is not None:
            event.add(
                "attendee",
                f"mailto:{pour.email}",
                parameters={"CN": pour.get_full_name() or pour.email, "ROLE": "REQ-PARTICIPANT"},
            )
    return calendrier([event], nom=seance.titre, method=method)


def nom_fichier(seance) -> str:
    return f"seance-{seance.ref}.ics".replace("/", "-")
