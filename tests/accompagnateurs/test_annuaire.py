import datetime
import io

import pytest
from django.urls import reverse
from PIL import Image

from accompagnateurs.models import Accompagnateur
from tests.accompagnateurs.factories import AccompagnateurFactory, SpecialiteFactory
from tests.factories import TerritoireFactory, ThematiqueFactory, UserFactory

pytestmark = pytest.mark.django_db


def _image(fmt="PNG", taille=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", taille, (200, 30, 30)).save(buffer, format=fmt)
    buffer.name = f"photo.{fmt.lower()}"
    buffer.seek(0)
    return buffer


def test_directory_is_public_and_filters_by_specialty_and_territory(client):
    recrutement = SpecialiteFactory(nom="Aide au recrutement")
    gouvernance = SpecialiteFactory(nom="Gouvernance partagée")
    mel, cavm = TerritoireFactory(code="MEL"), TerritoireFactory(code="CAVM")
    a = AccompagnateurFactory(user__last_name="Alpha", specialites=[recrutement], territoires=[mel])
    b = AccompagnateurFactory(
        user__last_name="Bravo", specialites=[gouvernance], territoires=[cavm]
    )
    url = reverse("accompagnateurs:annuaire")

    response = client.get(url)
    assert response.status_code == 200
    assert {c.pk for c in response.context["page"]} == {a.pk, b.pk}

    response = client.get(url, {"specialite": recrutement.pk})
    assert [c.pk for c in response.context["page"]] == [a.pk]
    response = client.get(url, {"territoire": cavm.pk})
    assert [c.pk for c in response.context["page"]] == [b.pk]
    response = client.get(url, {"specialite": recrutement.pk, "territoire": cavm.pk})
    assert list(response.context["page"]) == []
    assert "Aucun·e accompagnateur·trice" in response.content.decode()


def test_a_coach_who_left_disappears_from_the_directory_but_stays_for_the_team(client):
    parti = AccompagnateurFactory(
        sortie=datetime.date.today() - datetime.timedelta(days=1), user__last_name="Parti"
    )
    reste = AccompagnateurFactory()
    response = client.get(reverse("accompagnateurs:annuaire"))
    assert [c.pk for c in response.context["page"]] == [reste.pk]
    assert client.get(reverse("accompagnateurs:profil", args=[parti.pk])).status_code == 404

    client.force_login(UserFactory(chargee=True))
    response = client.get(reverse("accompagnateurs:profil", args=[parti.pk]))
    assert response.status_code == 200
    assert "Sorti·e du pool" in response.content.decode()
    # Still counted for a period when they were in the pool.
    assert (
        Accompagnateur.objects.dans_le_pool(datetime.date(2019, 1, 1), datetime.date(2019, 12, 31))
        .filter(pk=parti.pk)
        .exists()
    )


@pytest.mark.parametrize("nombre", [3, 15])
def test_directory_query_count_does_not_grow(client, django_assert_num_queries, nombre):
    specialites = [SpecialiteFactory(), SpecialiteFactory()]
    territoire = TerritoireFactory(code="MEL")
    for _ in range(nombre):
        AccompagnateurFactory(specialites=specialites, territoires=[territoire])
    # count, page, specialties, territories, themes, open AMI, filter choices (2)
    with django_assert_num_queries(8):
        assert client.get(reverse("accompagnateurs:annuaire")).status_code == 200


def test_a_coach_edits_their_profile_and_uploads_a_checked_photo(client):
    coach = AccompagnateurFactory()
    theme = ThematiqueFactory(nom="Recrutement et intégration")
    client.force_login(coach.user)
    url = reverse("accompagnateurs:mon_profil")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "structure": "Mon cabinet",
            "accroche": "J'aide à recruter.",
            "bio": "Quinze ans de RH associatives.",
            "thematiques": [theme.pk],
            "disponibilite": "Le mardi",
            "photo_fichier": _image("JPEG", (2000, 1500)),
        },
    )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.structure == "Mon cabinet"
    assert list(coach.thematiques.all()) == [theme]
    assert coach.photo.name.startswith("accompagnateurs/")
    with Image.open(coach.photo.path) as image:  # re-encoded and shrunk
        assert max(image.size) == 800


@pytest.mark.parametrize(
    "contenu,nom,message",
    [
        (b"<?php echo 'x'; ?>", "photo.png", "pas une image lisible"),
        (b"GIF89a" + b"\x00" * 30, "photo.gif", "pas une image lisible"),
    ],
)
def test_a_fake_photo_is_refused_with_a_french_message(client, contenu, nom, message):
    coach = AccompagnateurFactory()
    client.force_login(coach.user)
    fichier = io.BytesIO(contenu)
    fichier.name = nom
    response = client.post(
        reverse("accompagnateurs:mon_profil"), {"structure": "X", "photo_fichier": fichier}
    )
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["photo_fichier"])
    coach.refresh_from_db()
    assert not coach.photo


def test_a_gif_image_is_refused(client):
    coach = AccompagnateurFactory()
    client.force_login(coach.user)
    response = client.post(
        reverse("accompagnateurs:mon_profil"), {"structure": "X", "photo_fichier": _image("GIF")}
    )
    assert "JPEG, PNG ou WebP" in str(response.context["form"].errors["photo_fichier"])


def test_a_too_heavy_photo_is_refused(client, settings):
    from accompagnateurs import fichiers

    coach = AccompagnateurFactory()
    client.force_login(coach.user)
    image = _image("PNG", (50, 50))
    original = fichiers.PHOTO_TAILLE_MAX
    fichiers.PHOTO_TAILLE_MAX = 10
    try:
        response = client.post(
            reverse("accompagnateurs:mon_profil"), {"structure": "X", "photo_fichier": image}
        )
    finally:
        fichiers.PHOTO_TAILLE_MAX = original
    assert "3 Mo" in str(response.context["form"].errors["photo_fichier"])


def test_the_team_edits_pool_dates(client):
    coach = AccompagnateurFactory()
    client.force_login(UserFactory(chargee=True))
    response = client.post(
        reverse("accompagnateurs:pool_profil_modifier", args=[coach.pk]),
        {"entree": "2019-01-01", "sortie": "2018-01-01", "structure": "X"},
    )
    assert response.status_code == 200
    assert "précède" in str(response.context["form"].errors)
    response = client.post(
        reverse("accompagnateurs:pool_profil_modifier", args=[coach.pk]),
        {"entree": "2019-01-01", "sortie": "2021-06-30", "structure": "X"},
    )
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.sortie == datetime.date(2021, 6, 30)


def test_public_header_links_to_the_directory(client):
    response = client.get(reverse("accompagnateurs:appels"))
    assert reverse("accompagnateurs:annuaire") in response.content.decode()
