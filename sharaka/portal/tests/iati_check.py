"""Check an IATI file as IATI's validator would: the 2.03 XSD, the codelists (through `mapping.xml`)
and the rulesets of `rulesets/standard.json`, all read from the copies in `sharaka/core/iati_standard/`.

`problems(xml_bytes)` returns a list of "severity id: message" strings; empty means clean.
"""

import datetime
import functools
import json
import re
from pathlib import Path

from lxml import etree

IATI = Path(__file__).resolve().parents[2] / "core" / "iati_standard"

PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def parse(data: bytes):
    assert b"<!DOCTYPE" not in data[:2000], "an IATI file never needs a DOCTYPE"
    tree = etree.fromstring(data, PARSER).getroottree()
    assert tree.docinfo.doctype == ""
    return tree


@functools.cache
def schema(root: str):
    name = {
        "iati-activities": "iati-activities-schema.xsd",
        "iati-organisations": "iati-organisations-schema.xsd",
    }[root]
    return etree.XMLSchema(etree.parse(str(IATI / "schema-2.03" / name), PARSER))


@functools.cache
def codelist(name: str) -> tuple[frozenset, frozenset, bool]:
    """(active codes, withdrawn codes, complete) of one codelist."""
    for folder in ("embedded", "non-embedded"):
        path = IATI / "codelists" / folder / f"{name}.xml"
        if path.exists():
            root = etree.parse(str(path), PARSER).getroot()
            active, withdrawn = set(), set()
            for item in root.iter("codelist-item"):
                (withdrawn if item.get("status") == "withdrawn" else active).add(item.findtext("code"))
            return frozenset(active), frozenset(withdrawn), root.get("complete") != "0"
    raise LookupError(name)


def schema_errors(tree) -> list[str]:
    xsd = schema(tree.getroot().tag)
    if xsd.validate(tree):
        return []
    return [f"error xsd line {e.line}: {e.message}" for e in xsd.error_log]


def code_errors(tree) -> list[str]:
    out = []
    if tree.getroot().get("version") != "2.03":
        out.append(f"error version: {tree.getroot().get('version')!r} is not 2.03")
    mappings = etree.parse(str(IATI / "codelists" / "embedded" / "mapping.xml"), PARSER).getroot()
    for mapping in mappings.iter("mapping"):
        path = mapping.findtext("path").replace("//iati-organisation/", "//iati-organisation/")
        name = mapping.find("codelist").get("ref")
        condition = mapping.findtext("condition")
        try:
            nodes = tree.xpath(path)
        except etree.XPathError:
            continue
        for value in nodes:
            owner = value.getparent() if hasattr(value, "getparent") else None
            if condition and owner is not None and not owner.xpath(f"boolean({condition})"):
                continue
            active, withdrawn, complete = codelist(name)
            if value in active:
                continue
            severity = "error" if complete or value in withdrawn else "warning"
            out.append(f"{severity} codelist {name}: {value!r} at {path}")
    return out


# --- the rulesets ---------------------------------------------------------------------------------


def _values(node, paths):
    out = []
    for path in paths:
        for value in node.xpath(path):
            out.append(value if isinstance(value, str) else (value.text or ""))
    return out


def _date(value, today):
    if value == "NOW":
        return today
    return datetime.date.fromisoformat(str(value)[:10])


def _agency_prefixes():
    active, withdrawn, _ = codelist("OrganisationRegistrationAgency")
    return active | withdrawn


def _case_fails(rule, case, node, today) -> bool:  # noqa: C901 (one branch per rule type, as in the ruleset)
    if "condition" in case and not node.xpath(f"boolean({case['condition']})"):
        return False
    paths = case.get("paths", [])
    if rule == "atleast_one":
        return not any(node.xpath(p) for p in paths)
    if rule == "no_spaces":
        return any(v != v.strip() for v in _values(node, paths))
    if rule == "regex_matches":
        return any(not re.search(case["regex"], v) for v in _values(node, paths))
    if rule == "unique":
        values = _values(node, paths)
        return len(values) != len(set(values))
    if rule == "date_now":
        now = datetime.datetime.now(datetime.UTC)
        return any(datetime.datetime.fromisoformat(v) > now for v in _values(node, [case["date"]]))
    if rule == "date_order":
        less = [case["less"]] if case["less"] == "NOW" else _values(node, [case["less"]])
        more = [case["more"]] if case["more"] == "NOW" else _values(node, [case["more"]])
        return any(_date(a, today) > _date(b, today) for a in less for b in more)
    if rule == "startswith":
        if case["prefix"] == ["ORG-ID-PREFIX"]:
            prefixes = _agency_prefixes()
            return any(not any(v.startswith(p + "-") for p in prefixes) for v in _values(node, paths))
        prefixes = _values(node, case["prefix"])
        separator = case.get("separator", "")
        return any(not any(v.startswith(p + separator) for p in prefixes) for v in _values(node, paths))
    if rule == "one_or_all":
        if node.xpath(case["one"]):
            return False
        if case["all"] == "lang":
            return bool(node.xpath(".//narrative[not(@xml:lang)]"))
        return bool(node.xpath(f".//value[not(@{case['all']})]"))
    if rule == "strict_sum":
        total = sum(float(v) for v in _values(node, paths))
        return abs(total - case["sum"]) > 0.001
    if rule == "range":
        return any(
            not (case.get("min", float("-inf")) <= float(v) <= case.get("max", float("inf")))
            for v in _values(node, paths)
        )
    if rule == "if_then":
        return bool(node.xpath(f"boolean({case['if']})")) and not node.xpath(f"boolean({case['then']})")
    if rule == "no_more_than_one":
        return sum(len(node.xpath(p)) for p in paths) > 1
    if rule == "time_limit":
        starts, ends = _values(node, [case["start"]]), _values(node, [case["end"]])
        return any((_date(e, today) - _date(s, today)).days > 366 for s in starts for e in ends)
    if rule == "between_dates":
        starts, ends = _values(node, [case["start"]]), _values(node, [case["end"]])
        return any(
            not (_date(s, today) <= _date(d, today) <= _date(e, today))
            for d in _values(node, [case["date"]])
            for s in starts
            for e in ends
        )
    raise AssertionError(f"unknown rule type {rule}")


def _substitute(obj, value):
    if isinstance(obj, str):
        return obj.replace("$1", value)
    if isinstance(obj, list):
        return [_substitute(x, value) for x in obj]
    if isinstance(obj, dict):
        return {k: _substitute(v, value) for k, v in obj.items()}
    return obj


def _run(rules: dict, node, today, out):
    for rule, body in rules.items():
        for case in body["cases"]:
            if rule == "loop":
                for value in sorted(set(node.xpath(case["foreach"]))):
                    _run(_substitute(case["do"], str(value)), node, today, out)
                continue
            if _case_fails(rule, case, node, today):
                info = case.get("ruleInfo", {})
                out.append(f"{info.get('severity', 'error')} {info.get('id')}: {info.get('message')}")


def rule_errors(tree, today=None) -> list[str]:
    today = today or datetime.date.today()  # noqa: DTZ011 (IATI's "NOW" is the validator's date)
    ruleset = json.loads((IATI / "rulesets" / "standard.json").read_text())
    out = []
    for context, rules in ruleset.items():
        for node in tree.xpath(context):
            _run(rules, node, today, out)
    return out


def problems(data: bytes) -> list[str]:
    tree = parse(data)
    return schema_errors(tree) + code_errors(tree) + rule_errors(tree)
