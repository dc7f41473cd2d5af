"""Views of the organisation's follow-up space (one module per part of the space)."""
