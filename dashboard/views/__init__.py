"""Analyst pages: the catalogue's (overview, initiative, person, place, map) and the
evidence's (article, timeline, search)."""
