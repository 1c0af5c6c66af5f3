from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Holds project-wide management commands (serve, fetch_vendor) and the health view."""

    name = "config"
    verbose_name = "Cooperation Tracker"
