"""A person's data: export on request, and erasure by anonymisation (DESIGN §2).

Erasure keeps the rows that reports count (participations, half-days, memberships) and
removes what identifies the person, so past reports do not change.
"""

import datetime
import json
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from .models import User

# Apps register what else identifies a person in their data (free-text answers, files…);
# each eraser is called with the person inside the anonymisation transaction.
_erasers = []


def register_eraser(fn):
    if fn not in _erasers:
        _erasers.append(fn)
    return fn


# Credentials and technical rows are never exported.
_NOT_EXPORTED = {"account.emailaddress", "mfa.authenticator", "admin.logentry"}


def _value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or None
    return value


def _row(obj) -> dict:
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in ("password",):
            continue
        value = getattr(obj, field.name)
        data[field.verbose_name if isinstance(field.verbose_name, str) else field.name] = _value(
            value
        )
    return data


def _related(obj, depth: int) -> dict:
    out = {}
    for rel in obj._meta.related_objects:
        label = rel.related_model._meta.label_lower
        if label in _NOT_EXPORTED or label.startswith("simple_history") or ".historical" in label:
            continue
        name = str(rel.related_model._meta.verbose_name_plural)
        if rel.one_to_one:
            child = getattr(obj, rel.get_accessor_name(), None) if _exists(obj, rel) else None
            if child is not None:
                entry = _row(child)
                if depth > 1:
                    entry.update(_related(child, depth - 1))
                out[name] = entry
        else:
            accessor = getattr(obj, rel.get_accessor_name())
            rows = [_row(r) if not rel.many_to_many else str(r) for r in accessor.all()[:5000]]
            if rows:
                out.setdefault(name, []).extend(rows)
    return out


def _exists(obj, rel) -> bool:
    try:
        getattr(obj, rel.get_accessor_name())
    except rel.related_model.DoesNotExist:
        return False
    return True


def personne_exporter(personne: User) -> dict:
    return {
        "exporte_le": timezone.now().isoformat(),
        "personne": _row(personne),
        **_related(personne, depth=2),
    }


def personne_export_json(personne: User) -> bytes:
    return json.dumps(personne_exporter(personne), ensure_ascii=False, indent=2).encode()


@transaction.atomic
def personne_anonymiser(*, personne: User, par: User | None = None) -> User:
    """Remove what identifies the person; keep the counted rows."""
    personne.email = f"anonyme-{personne.pk}@anonymise.invalid"
    personne.first_name = "Personne"
    personne.last_name = "anonymisée"
    personne.telephone = ""
    personne.is_active = False
    personne.is_staff = personne.is_superuser = personne.equipe = False
    personne.financeur = None
    personne.anonymise_le = timezone.now()
    personne.set_unusable_password()
    personne.save()
    EmailAddress.objects.filter(user=personne).delete()
    Authenticator.objects.filter(user=personne).delete()
    personne.invitations.update(message="")
    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(personne.pk):
            session.delete()
    profile = (
        getattr(personne, "accompagnateur", None) if hasattr(personne, "accompagnateur") else None
    )
    if profile is not None:
        for field in ("bio", "accroche", "disponibilite", "structure"):
            setattr(profile, field, "")
        if profile.photo:
            profile.photo.delete(save=False)
        profile.save()
    for eraser in _erasers:
        eraser(personne)
    return personne
