"""Cached figures and public pages follow the data: never stale, never shared with a person."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apes_rh.cache import VERSION_DONNEES, donnees_modifiees, memoiser, version_donnees
from tests.factories import OrganisationFactory, ThematiqueFactory, UserFactory


def test_a_cached_computation_is_renewed_when_the_data_changes(db):
    appels = []

    def calcul():
        appels.append(1)
        return len(appels)

    assert memoiser("essai", calcul) == 1
    assert memoiser("essai", calcul) == 1
    OrganisationFactory()  # any write of the platform's models
    assert memoiser("essai", calcul) == 2
    donnees_modifiees()  # a bulk write announced explicitly
    assert memoiser("essai", calcul) == 3


def test_a_login_does_not_count_as_a_change_of_data(db):
    user = UserFactory()
    avant = version_donnees()
    user.save(update_fields=["last_login"])
    assert version_donnees() == avant


def test_without_a_counter_a_new_epoch_starts(db):
    avant = version_donnees()
    cache.delete(VERSION_DONNEES)
    assert version_donnees() != avant


def test_any_successful_post_renews_the_figures(client, db):
    user = UserFactory()
    client.force_login(user)
    avant = version_donnees()
    client.post(reverse("rapports:preferences_rappels"), {})
    assert version_donnees() != avant


def test_the_public_home_is_shared_by_anonymous_visitors_until_the_data_changes(
    client, db, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(0):
        premiere = client.get("/")
    assert premiere.status_code == 200
    assert premiere.content == client.get("/").content
    ThematiqueFactory(nom="Une thématique toute neuve")
    with CaptureQueriesContext(connection) as requetes:
        assert client.get("/").status_code == 200
    assert len(requetes) > 0  # computed again from the new data


def test_a_logged_in_visitor_never_gets_the_anonymous_copy(client, db):
    client.get("/")
    user = UserFactory(first_name="Inès", last_name="Marchal")
    client.force_login(user)
    assert "Marchal" in client.get("/").text
