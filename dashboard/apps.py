from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The analysts' pages and their template tags."""

    name = "dashboard"
