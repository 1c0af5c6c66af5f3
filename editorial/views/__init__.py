"""Editor pages, one module per group of editorial/urls.py."""
