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


def test_team_lists_are_shared_fragments_that_follow_the_data(client, db):
    """The team's lists are rendered once for the whole team, without the request: the same
    HTML for two team members, nothing of either person inside, fresh after any write."""
    premiere = UserFactory(first_name="Inès", last_name="Marchal", chargee=True)
    seconde = UserFactory(first_name="Paul", last_name="Verhaeghe", chargee=True)
    OrganisationFactory(nom="Les Jardins du Cœur")
    client.force_login(premiere)
    page = client.get("/organisations/")
    assert page.status_code == 200
    assert "<table" in page.text  # the HTML survives the cache unescaped
    assert "Les Jardins du Cœur" in page.text
    client.force_login(seconde)
    with CaptureQueriesContext(connection) as requetes:
        autre = client.get("/organisations/")
    assert not any('FROM "parcours_organisation"' in q["sql"] for q in requetes.captured_queries)
    assert "Marchal" not in autre.text.split('id="resultats"', 1)[1]
    assert "csrfmiddlewaretoken" not in autre.text.split('id="resultats"', 1)[1]

    OrganisationFactory(nom="Ressourcerie des Flandres")
    assert "Ressourcerie des Flandres" in client.get("/organisations/").text
    # Each query has its own rendering; htmx gets the results alone.
    filtree = client.get("/organisations/?q=Ressourcerie", headers={"HX-Request": "true"})
    assert "Ressourcerie des Flandres" in filtree.text
    assert "Les Jardins du Cœur" not in filtree.text
    assert "<html" not in filtree.text


def test_a_query_key_ignores_the_order_of_the_parameters(rf):
    from apes_rh.cache import cle_de_requete

    assert cle_de_requete(rf.get("/?a=1&b=2")) == cle_de_requete(rf.get("/?b=2&a=1"))
    assert cle_de_requete(rf.get("/?a=1")) != cle_de_requete(rf.get("/?a=2"))
    assert cle_de_requete(rf.get("/?a=1"), "lundi") != cle_de_requete(rf.get("/?a=1"), "mardi")


def test_a_cached_page_is_a_real_page_that_follows_the_data(rf, db):
    from apes_rh.pagination import page_en_cache

    for i in range(5):
        OrganisationFactory(nom=f"Organisation {i}")
    qs = Organisation.objects.order_by("nom")
    page = page_en_cache(rf.get("/?page=2"), "essai", qs, 2)
    assert [o.nom for o in page.object_list] == ["Organisation 2", "Organisation 3"]
    assert (page.number, page.paginator.num_pages, page.has_next()) == (2, 3, True)
    # Beyond the last page: the last one, as Paginator.get_page() gives it.
    assert page_en_cache(rf.get("/?page=99"), "essai", qs, 2).number == 3
    with CaptureQueriesContext(connection) as requetes:
        page_en_cache(rf.get("/?page=2"), "essai", qs, 2)
    assert len(requetes) == 0
    OrganisationFactory(nom="Organisation 5")
    assert page_en_cache(rf.get("/?page=2"), "essai", qs, 2).paginator.count == 6
