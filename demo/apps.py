from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its command, load_demo (an app for the command only: no models)."""

    name = "demo"
    verbose_name = "Demo data"
