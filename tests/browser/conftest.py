"""Browser tests: the `browser` and `page` fixtures live in tests/browser/support.py and are
registered once, in tests/conftest.py, so every directory shares one Chromium per session."""
