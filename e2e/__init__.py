"""Browser tests in Debian's Chromium (see conftest.py and pages.py); run with `make e2e`."""
