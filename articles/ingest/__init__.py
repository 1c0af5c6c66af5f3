"""Ingestion: fetch → parse → clean → dedupe → extract → link → store, as plain functions.

Every stage works on plain dataclasses (articles.ingest.items) so it can be tested without a
database; articles.ingest.pipeline composes them and articles.tasks runs them on Celery.
"""

# Stored on every article (provenance); bump when a stage changes what it produces.
PIPELINE_VERSION = "1.0"
