"""Core models: rules that hold whatever the caller."""


def test_two_theme_names_with_the_same_slug_both_get_saved(db):
    from apes_rh.models import Thematique

    a = Thematique.objects.create(nom="Égalité")
    b = Thematique.objects.create(nom="Egalite !")
    c = Thematique.objects.create(nom="???")
    assert (a.slug, b.slug, c.slug) == ("egalite", "egalite-2", "thematique")
