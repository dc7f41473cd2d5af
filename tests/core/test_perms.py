"""The rules module: roles add up, unknown rules fail loudly, templates ask the same rules."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from apes_rh.enums import Role
from apes_rh.perms import can
from apes_rh.roles import roles_of
from tests.factories import FinanceurFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_person_can_hold_several_roles():
    organisation = OrganisationFactory()
    user = UserFactory(pilote_de=organisation, chargee=True, financeur=FinanceurFactory())
    assert {Role.PILOTE, Role.MEMBRE, Role.CHARGEE, Role.FINANCEUR} <= roles_of(user)


def test_an_ended_membership_gives_no_role():
    import datetime

    from parcours.models import Membre

    organisation = OrganisationFactory()
    user = UserFactory(pilote_de=organisation)
    Membre.objects.filter(personne=user).update(fin=datetime.date(2021, 1, 1))
    assert Role.PILOTE not in roles_of(UserFactory._meta.model.objects.get(pk=user.pk))


def test_an_unknown_rule_is_an_error():
    with pytest.raises(LookupError):
        can(UserFactory(), "regle.inexistante")


def test_only_pilots_and_the_team_may_pilot_an_organisation():
    organisation = OrganisationFactory()
    other = OrganisationFactory()
    pilote = UserFactory(pilote_de=organisation)
    membre = UserFactory(membre_de=organisation)
    assert can(pilote, "organisation.piloter", organisation)
    assert not can(pilote, "organisation.piloter", other)
    assert not can(membre, "organisation.piloter", organisation)
    assert can(membre, "organisation.voir", organisation)
    assert can(UserFactory(chargee=True), "organisation.piloter", other)


def test_templates_hide_what_the_user_may_not_do():
    organisation = OrganisationFactory()
    membre = UserFactory(membre_de=organisation)
    request = RequestFactory().get("/")
    request.user = membre
    template = Template(
        '{% load acces %}{% can "organisation.piloter" org as ok %}{% if ok %}MODIFIER{% endif %}'
        '{% if user|a_le_role:"membre" %}MEMBRE{% endif %}'
    )
    html = template.render(Context({"request": request, "user": membre, "org": organisation}))
    assert "MODIFIER" not in html and "MEMBRE" in html
