"""The analysts' pages (server-rendered, htmx): they read through the selectors only.

May import every wing below it; nothing below imports it (tests/test_architecture.py).
"""
