"""Cached figures and public pages follow the data: never stale, never shared with a person."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apes_rh.cache import VERSION_DONNEES, memoiser, version_donnees
from parcours.models import Organisation
from tests.factories import OrganisationFactory, ThematiqueFactory, UserFactory


def test_a_cached_computation_is_renewed_when_the_data_changes(db):
    appels = []

    def calcul():
        appels.append(1)
        return len(appels)

    assert memoiser("essai", calcul) == 1
    assert memoiser("essai", calcul) == 1
    organisation = OrganisationFactory()  # any write of the platform's tables
    assert memoiser("essai", calcul) == 2
    # Writes that send no model signal, as a Celery task or a command would make them.
    Organisation.objects.filter(pk=organisation.pk).update(commune="Roubaix")
    assert memoiser("essai", calcul) == 3
    Organisation.objects.bulk_create(
        [Organisation(nom="Autre", territoire=organisation.territoire)]
    )
    assert memoiser("essai", calcul) == 4
    assert memoiser("essai", calcul) == 4


def test_reads_and_technical_tables_keep_the_cached_computations(db):
    from apes_rh.cache import ecrit_des_donnees

    assert ecrit_des_donnees('UPDATE "parcours_seance" SET "lieu" = %s WHERE "id" = %s')
    assert ecrit_des_donnees('INSERT INTO "parcours_seance_animateurs" ("seance_id") VALUES (%s)')
    assert not ecrit_des_donnees('SELECT "id" FROM "parcours_seance" FOR UPDATE')
    assert not ecrit_des_donnees('INSERT INTO "django_session" ("session_key") VALUES (%s)')
    assert not ecrit_des_donnees('INSERT INTO "apes_rh_envoirappel" ("type") VALUES (%s)')


def test_a_login_does_not_count_as_a_change_of_data(db):
    user = UserFactory()
    avant = version_donnees()
    user.save(update_fields=["last_login"])
    assert version_donnees() == avant


def test_without_a_counter_a_new_epoch_starts(db):
    avant = version_donnees()
    cache.delete(VERSION_DONNEES)
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
