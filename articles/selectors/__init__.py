"""Reads over evidence shared by the dashboards and the API, one module per concept.

One query layer: the dashboard's timeline page and GET /api/v1/timeline/ call
`timeline.timeline()` with the same `filters.TimelineFilters`, so both show the same events in
the same order. Conventions used by every function here:
- Articles flagged irrelevant never appear.
- "Linked to an initiative" means a *confirmed* ArticleLink (suggestions are not evidence).
- Dates are UTC; `date_from`/`date_to` are inclusive calendar days.
"""
