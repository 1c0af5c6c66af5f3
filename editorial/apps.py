from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The editors' workflow: review queue, tagging, curation, merge, alerts, activity log."""

    name = "editorial"
