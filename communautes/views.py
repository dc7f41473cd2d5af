from django.shortcuts import render

from apes_rh.perms import rule_required

from .models import ContactPartenaire


@rule_required("espace.partenaire")
def partenaire(request):
    """A partner contact's dashboard: their networks and the roles those networks hold."""
    contacts = (
        ContactPartenaire.objects.filter(personne=request.user)
        .select_related("reseau")
        .prefetch_related("reseau__roles")
    )
    return render(request, "communautes/partenaire.html", {"contacts": contacts})
