"""Fixtures of the other apps the operations tests borrow: the partner workspace's agreement, with its
obligations and partners (the e-mails the worker sends)."""

from sharaka.partnerspace.tests.conftest import money, rates, space  # noqa: F401 (fixtures)
