"""Fixtures of the operations tests: collectors of the request-log records, and the partner
workspace's agreement with its obligations and partners (the e-mails the worker sends), and the
fixtures of the apps whose scheduled ticks are tested here."""

import logging

import pytest

from sharaka.agreements.tests.conftest import foreign_commune  # noqa: F401 (fixtures)
from sharaka.operations.requestlog import RequestIdFilter
from sharaka.partnerspace.tests.conftest import money, rates, space  # noqa: F401 (fixtures)


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []
        self.addFilter(RequestIdFilter())

    def emit(self, record):
        self.records.append(record)


def _collect(name):
    logger = logging.getLogger(name)
    handler = _Collect()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger, handler, level


@pytest.fixture
def request_lines():
    """The records written on "sharaka.request" (the request lines) during the test."""
    logger, handler, level = _collect("sharaka.request")
    yield handler.records
    logger.removeHandler(handler)
    logger.setLevel(level)


@pytest.fixture
def django_request_records():
    """The records written on "django.request" (Django's "Internal Server Error" and its traceback)."""
    logger, handler, level = _collect("django.request")
    yield handler.records
    logger.removeHandler(handler)
    logger.setLevel(level)
