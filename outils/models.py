from .vitrine.models import *  # noqa: E402,F401,F403  (vitrine, ressources, MOOC)
