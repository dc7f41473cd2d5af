"""Views of the vitrine, the resource library and the MOOC.

Importing `perms` here registers the rules as soon as the URLconf loads.
"""

from .. import perms  # noqa: F401  (registers the rules)
