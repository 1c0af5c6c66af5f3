"""Production settings (DEBUG off) for the fault tests' processes, as deployed.

One difference: static files are not collected (a minute of compression the tests do not
need), so the manifest storage is swapped for the plain one. Nothing else changes.
"""

from config.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
