"""Every action the ledger records reads as words on the dashboard's recent changes, never as a code."""

import re
from pathlib import Path

from django.utils import translation

from sharaka.workspace.templatetags.workspace import ACTION_LABELS, action_label

SOURCE = Path(__file__).resolve().parents[2]
RECORDED = re.compile(r'action="([a-z_]+(?:\.[a-z_]+)+)"')


def _recorded_actions() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "audit.record(" in text:
            found.update(RECORDED.findall(text))
    return found


def test_every_recorded_action_has_a_label():
    actions = _recorded_actions()
    assert len(actions) > 40  # the scan found the services
    assert sorted(actions - ACTION_LABELS.keys()) == []


def test_the_labels_read_in_arabic_and_french():
    with translation.override("ar"):
        assert action_label("transaction.reverse") == "عكس معاملة مالية"
    with translation.override("fr"):
        assert action_label("inquiry.answer") == "a répondu à la question d’un citoyen"
