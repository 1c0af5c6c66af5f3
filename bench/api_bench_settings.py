"""Settings for bench/api_bench.py: production-like (DEBUG off), plus the baseline endpoints."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# The rates are not what is measured: lifted for anonymous clients and for users (DRF's user
# throttle also counts anonymous clients by address).
os.environ.setdefault("API_THROTTLE_ANON", "100000000/minute")
os.environ.setdefault("API_THROTTLE_USER", "100000000/minute")

from config.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.api_bench_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
