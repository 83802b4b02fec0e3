"""The codelists this package needs at run time: its own copies, then the core's."""

import functools
import xml.etree.ElementTree as ET
from pathlib import Path

from sharaka.core import codelists as core_codelists

HERE = Path(__file__).parent / "codelists"


@functools.cache
def codes(name: str) -> frozenset[str] | None:
    """Active codes of a codelist, or None when no copy is kept (the check is then skipped)."""
    path = HERE / f"{name}.xml"
    if path.exists():
        tree = ET.parse(path)
        return frozenset(
            item.findtext("code") for item in tree.iter("codelist-item") if item.get("status") != "withdrawn"
        )
    if (core_codelists.HERE / f"{name}.xml").exists():
        return frozenset(core_codelists.names(name))
    return None
