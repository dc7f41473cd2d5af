"""Views of communities, community sessions, questionnaires and partner networks."""
