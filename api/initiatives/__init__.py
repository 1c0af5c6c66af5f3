"""API resources of the catalogue: initiatives, people, places, organizations, tokens."""
