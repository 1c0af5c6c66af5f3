"""The REST API under /api/v1/: DRF plumbing here, each resource's views beside it.

May import every wing below it (articles, initiatives, accounts, core); nothing below imports
it (tests/test_architecture.py).
"""
