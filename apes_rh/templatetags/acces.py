"""Templates ask the same rules as views: `{% load acces %}{% can "organisation.piloter" org as ok %}`."""

from django import template

from apes_rh.perms import can as can_rule
from apes_rh.roles import roles_of

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, rule_name, obj=None):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return can_rule(user, rule_name, obj)


@register.filter
def a_le_role(user, role) -> bool:
    """`{% if user|a_le_role:"chargee" %}`"""
    return role in roles_of(user)
