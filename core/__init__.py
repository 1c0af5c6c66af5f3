"""The ground floor: text folding, domain errors, the data version and the fail-soft cache.

Imports no app of this project (tests/test_architecture.py keeps it so).
"""
