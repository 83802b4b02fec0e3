"""Reading IATI activity files (2.01, 2.02, 2.03): streamed, bounded in memory, hostile XML refused.

The first part of issue #17 (IATI import): what a donor's published file holds, as plain Python
values, one activity at a time. Nothing here touches the database; the import service that maps
activities to partners and records them in the ledger builds on `read_activities`.

- **Streamed**: `lxml.etree.iterparse`; each `iati-activity` is turned into an `Activity` when its
  end tag is read, then cleared and dropped from the tree with everything before it, so memory does
  not grow with the file (a test reads a file of 60 MB).
- **Hostile XML refused before anything is read**: a document type declaration (the vehicle of
  entity expansion and of external entities) anywhere before the root, in any encoding; entities are
  never resolved, no DTD is loaded, the network is never used; libxml2's own limits (text nodes over
  10 MB, nesting over 256 levels) are kept. Broken XML is refused with its line, never a crash.
- **Versions**: 2.01, 2.02 and 2.03 are read (their activity elements are the same for what is read
  here). A 1.x file is refused, naming its version: 1.x wrote narratives as plain text, transaction
  types as letters and no `narrative` elements, and guessing that mapping would put wrong figures in
  front of the unit. Another or no version is refused likewise.
- **Problems, not crashes**: a value that cannot be read (an amount, a date, a percentage) is left
  out of its activity and reported as a `Problem` with the activity's identifier; an activity without
  an identifier is skipped and reported.

Problems and refusals carry a `code` and `params`, never a sentence: the page that shows an import
report words them in the reader's language.
"""

import datetime
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from sharaka.core.codelists import XML_LANG
from sharaka.lib.text import clean_text

READ_VERSIONS = ("2.01", "2.02", "2.03")
SCHEMAS = Path(__file__).resolve().parent.parent / "core" / "iati_standard" / "schema-2.03"
MAX_NARRATIVE = 100_000  # characters in one narrative; a longer one is left out and reported
_PROLOG_SCAN = 64 * 1024


class Refused(Exception):
    """The whole file is refused: `code` says why, `params` the details (a version, a line)."""

    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Problem:
    code: str  # "bad-amount", "bad-date", "bad-percentage", "no-identifier", "narrative-too-long"
    activity: str | None
    params: dict = field(default_factory=dict)


@dataclass
class Organisation:
    ref: str
    type: str
    role: str
    names: dict[str, str]


@dataclass
class Money:
    value: Decimal
    currency: str  # the value's own currency, else the activity's default, else ""
    value_date: datetime.date | None


@dataclass
class Budget:
    type: str
    status: str
    start: datetime.date | None
    end: datetime.date | None
    value: Money


@dataclass
class Transaction:
    type: str
    date: datetime.date | None
    value: Money
    provider: Organisation | None
    receiver: Organisation | None
    descriptions: dict[str, str]


@dataclass
class Location:
    names: dict[str, str]
    latitude: Decimal | None
    longitude: Decimal | None


@dataclass
class Activity:
    identifier: str
    last_updated: str  # as written: compared as text with the stored one (ISO 8601)
    default_language: str
    default_currency: str
    status: str
    titles: dict[str, str]
    descriptions: list[tuple[str, dict[str, str]]]  # (description type, narratives)
    dates: dict[str, datetime.date]  # by activity-date type (1 planned start … 4 actual end)
    reporting_org: Organisation | None
    participating: list[Organisation]
    sectors: list[tuple[str, str, Decimal | None]]  # (vocabulary, code, percentage)
    countries: list[tuple[str, Decimal | None]]
    regions: list[tuple[str, str, Decimal | None]]  # (vocabulary, code, percentage)
    locations: list[Location]
    budgets: list[Budget]
    planned_disbursements: list[Budget]
    transactions: list[Transaction]
    problems: list[Problem]


@functools.cache
def schema(name: str = "iati-activities-schema.xsd") -> etree.XMLSchema:
    """An IATI 2.03 schema the repository keeps (core/iati_standard), read once."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def activity_schema() -> etree.XMLSchema:
    return schema("iati-activities-schema.xsd")


def kind_of(source) -> str:
    """ "activities", "organisations" or "" from the file's first element, read from its first bytes
    (which file reader to use; each reader checks the root again)."""
    head = _head(source)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("latin-1")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    found = re.search(r"<(?![?!])\s*([A-Za-z_][\w.:-]*)", text)
    name = found.group(1) if found else ""
    return {"iati-activities": "activities", "iati-organisations": "organisations"}.get(name, "")


class ActivityFile:
    """`for activity in ActivityFile(source)`: the activities of one file, in order. `version` and
    `problems` (those outside any activity) are known once iteration has begun; `source` is a path
    or a binary file object.

    With `check_schema`, each activity is also checked against the IATI 2.03 schema as it is read
    (about 11 µs an activity): an activity that does not follow it is still read where it can be,
    and its first schema error is reported as a `schema` problem (files of 2.01 and 2.02 are
    checked against 2.03, which accepts what they may write)."""

    ROOT, ITEM, SCHEMA, WRONG_ROOT = (
        "iati-activities",
        "iati-activity",
        "iati-activities-schema.xsd",
        "not-activities",
    )

    def __init__(self, source, *, check_schema: bool = False):
        self.source = source
        self.version = None
        self.problems: list[Problem] = []
        self.schema = schema(self.SCHEMA) if check_schema else None

    def build(self, element):
        return _activity(element)

    def __iter__(self) -> Iterator[Activity]:
        _refuse_doctype(self.source)
        events = etree.iterparse(
            self.source,
            events=("start", "end"),
            tag=(self.ROOT, self.ITEM),  # only these reach Python: the rest stays in C
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,  # libxml2's limits: no text node over 10 MB, no nesting over 256 levels
            remove_comments=True,
            remove_pis=True,
        )
        root = None
        try:
            for event, element in events:
                if root is None:
                    root = element
                    self._check_root(element)
                    continue
                if event == "start" or element.getparent() is not root:
                    continue
                activity = self.build(element)
                if activity is None:
                    self.problems.append(Problem("no-identifier", None, {"line": element.sourceline}))
                else:
                    if self.schema is not None and not self.schema.validate(element):
                        error = self.schema.error_log.last_error
                        activity.problems.append(
                            Problem(
                                "schema",
                                activity.identifier,
                                {"detail": (error.message if error else "")[:300]},
                            )
                        )
                    yield activity
                _forget(element)
            if root is None:  # well-formed, but neither the root nor an activity was seen
                raise Refused(self.WRONG_ROOT, root=str(events.root.tag)[:100])
        except etree.XMLSyntaxError as error:
            raise Refused("malformed", line=error.lineno, detail=str(error.msg)) from None

    def _check_root(self, root) -> None:
        if root.getroottree().docinfo.doctype:
            raise Refused("doctype")
        if root.tag != self.ROOT:
            raise Refused(self.WRONG_ROOT, root=str(root.tag)[:100])
        version = (root.get("version") or "").strip()
        self.version = version
        if version.startswith("1."):
            raise Refused("version-1", version=version[:20])
        if version not in READ_VERSIONS:
            raise Refused("version-unknown", version=version[:20])


def read_activities(source) -> Iterator[Activity]:
    """The activities of an activity file (a path or a binary file object), one at a time."""
    return iter(ActivityFile(source))


def _head(source) -> bytes:
    if hasattr(source, "read"):
        position = source.tell()
        head = source.read(_PROLOG_SCAN)
        source.seek(position)
        return head
    with open(source, "rb") as file:
        return file.read(_PROLOG_SCAN)


def _refuse_doctype(source) -> None:
    """Refuse a DOCTYPE before the parser sees it. The declaration can only come before the root,
    so the start of the file is enough; UTF-16 files are decoded for the check. (The parser's
    `docinfo` is checked as well, at the root, for any encoding this misses.)"""
    head = _head(source)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.decode("latin-1")  # ASCII-compatible encodings: the markup bytes are ASCII
    if re.search(r"<!(DOCTYPE|ENTITY)", text, re.IGNORECASE):
        raise Refused("doctype")


def _forget(element) -> None:
    """Free an activity once read: its content, then every sibling before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _activity(element) -> Activity | None:
    """One activity, read in a single pass over its children (one `find` per element kind scanned
    every child again, most of the reading time)."""
    identifier = _one_line(element.findtext("iati-identifier"))
    if not identifier:
        return None
    problems: list[Problem] = []
    reader = _Reader(identifier, element.get(XML_LANG) or "", element.get("default-currency") or "", problems)
    activity = Activity(
        identifier=identifier,
        last_updated=(element.get("last-updated-datetime") or "").strip(),
        default_language=reader.language,
        default_currency=reader.currency,
        status="",
        titles={},
        descriptions=[],
        dates={},
        reporting_org=None,
        participating=[],
        sectors=[],
        countries=[],
        regions=[],
        locations=[],
        budgets=[],
        planned_disbursements=[],
        transactions=[],
        problems=problems,
    )
    for child in element:
        read = _CHILDREN.get(child.tag)
        if read is not None:
            read(reader, activity, child)
    return activity


def _title(reader, activity, child):
    activity.titles = reader.narratives(child)


def _description(reader, activity, child):
    activity.descriptions.append((child.get("type") or "1", reader.narratives(child)))


def _status(reader, activity, child):
    activity.status = child.get("code", "")


def _date(reader, activity, child):
    value = reader.date(child.get("iso-date"), "activity-date")
    if value is not None and child.get("type"):
        activity.dates[child.get("type")] = value


def _reporting_org(reader, activity, child):
    activity.reporting_org = reader.organisation(child, role="")


def _participating_org(reader, activity, child):
    activity.participating.append(reader.organisation(child, role=child.get("role") or ""))


def _sector(reader, activity, child):
    if child.get("code"):
        activity.sectors.append((child.get("vocabulary") or "1", child.get("code"), reader.percentage(child)))


def _country(reader, activity, child):
    if child.get("code"):
        activity.countries.append((child.get("code"), reader.percentage(child)))


def _region(reader, activity, child):
    if child.get("code"):
        activity.regions.append((child.get("vocabulary") or "1", child.get("code"), reader.percentage(child)))


def _location(reader, activity, child):
    activity.locations.append(reader.location(child))


def _budget(reader, activity, child):
    budget = reader.budget(child)
    if budget is not None:
        (activity.budgets if child.tag == "budget" else activity.planned_disbursements).append(budget)


def _transaction(reader, activity, child):
    transaction = reader.transaction(child)
    if transaction is not None:
        activity.transactions.append(transaction)


_CHILDREN = {
    "title": _title,
    "description": _description,
    "activity-status": _status,
    "activity-date": _date,
    "reporting-org": _reporting_org,
    "participating-org": _participating_org,
    "sector": _sector,
    "recipient-country": _country,
    "recipient-region": _region,
    "location": _location,
    "budget": _budget,
    "planned-disbursement": _budget,
    "transaction": _transaction,
}


@dataclass
class OrganisationBudget:
    kind: str  # "total", "org", "region", "country" (budgets) or "expenditure"
    target: str  # the recipient's code or identifier; "" for a total
    status: str
    start: datetime.date | None
    end: datetime.date | None
    value: Money


@dataclass
class PublishedOrganisation:
    identifier: str
    last_updated: str
    default_currency: str
    names: dict[str, str]
    type: str
    budgets: list[OrganisationBudget]
    problems: list[Problem]


class OrganisationFile(ActivityFile):
    """`for organisation in OrganisationFile(source)`: an IATI organisation file (2.01-2.03), read
    like an activity file (streamed, hostile XML refused, problems reported): each publisher's name,
    type and budgets (total, per recipient organisation, region and country) and expenditure."""

    ROOT, ITEM = "iati-organisations", "iati-organisation"
    SCHEMA, WRONG_ROOT = "iati-organisations-schema.xsd", "not-organisations"

    def build(self, element):
        return _organisation(element)


_ORGANISATION_BUDGETS = {
    "total-budget": ("total", None),
    "recipient-org-budget": ("org", "recipient-org"),
    "recipient-region-budget": ("region", "recipient-region"),
    "recipient-country-budget": ("country", "recipient-country"),
    "total-expenditure": ("expenditure", None),
}


def _organisation(element) -> PublishedOrganisation | None:
    identifier = _one_line(element.findtext("organisation-identifier") or element.findtext("iati-identifier"))
    if not identifier:
        return None
    problems: list[Problem] = []
    reader = _Reader(identifier, element.get(XML_LANG) or "", element.get("default-currency") or "", problems)
    reporting = element.find("reporting-org")
    organisation = PublishedOrganisation(
        identifier=identifier,
        last_updated=(element.get("last-updated-datetime") or "").strip(),
        default_currency=reader.currency,
        names=reader.narratives(element.find("name")),
        type=((reporting.get("type") if reporting is not None else "") or "").strip(),
        budgets=[],
        problems=problems,
    )
    for child in element:
        kind = _ORGANISATION_BUDGETS.get(child.tag)
        if kind is None:
            continue
        budget = reader.budget(child)
        if budget is None:
            continue
        target = ""
        if kind[1]:
            recipient = child.find(kind[1])
            if recipient is not None:
                target = (recipient.get("code") or recipient.get("ref") or "").strip()[:100]
        organisation.budgets.append(
            OrganisationBudget(kind[0], target, budget.status, budget.start, budget.end, budget.value)
        )
    return organisation


class _Reader:
    """Reads the parts of one activity, reporting what it cannot read into `problems`."""

    def __init__(self, identifier, language, currency, problems):
        self.identifier = identifier
        self.language = language.strip().lower()
        self.currency = currency.strip().upper()
        self.problems = problems

    def problem(self, code, **params) -> None:
        self.problems.append(Problem(code, self.identifier, params))

    def narratives(self, element) -> dict[str, str]:
        """The narratives of an element by language (the activity's default where none is given)."""
        found = {}
        if element is None:
            return found
        for narrative in element.iterfind("narrative"):
            text = _one_line(narrative.text)
            if not text:
                continue
            if len(text) > MAX_NARRATIVE:
                self.problem("narrative-too-long", element=element.tag, length=len(text))
                continue
            language = (narrative.get(XML_LANG) or self.language).strip().lower()
            found.setdefault(language, text)
        return found

    def date(self, text, where) -> datetime.date | None:
        if not text:
            return None
        try:
            return datetime.date.fromisoformat(text.strip()[:10])
        except ValueError:
            self.problem("bad-date", element=where, value=text[:40])
            return None

    def percentage(self, element) -> Decimal | None:
        text = element.get("percentage")
        if text is None or not text.strip():
            return None
        value = _decimal(text)
        if value is None or not 0 <= value <= 100:
            self.problem("bad-percentage", element=element.tag, value=text[:40])
            return None
        return value

    def money(self, element, where) -> Money | None:
        if element is None:
            return None
        value = _decimal(element.text or "")
        if value is None:
            self.problem("bad-amount", element=where, value=(element.text or "")[:40])
            return None
        currency = (element.get("currency") or self.currency).strip().upper()
        return Money(value, currency, self.date(element.get("value-date"), where))

    def organisation(self, element, role) -> Organisation | None:
        if element is None:
            return None
        return Organisation(
            ref=(element.get("ref") or "").strip(),
            type=(element.get("type") or "").strip(),
            role=role,
            names=self.narratives(element),
        )

    def budget(self, element) -> Budget | None:
        value = self.money(element.find("value"), element.tag)
        if value is None:
            return None
        start, end = element.find("period-start"), element.find("period-end")
        return Budget(
            type=element.get("type") or "",
            status=element.get("status") or "",
            start=self.date(start.get("iso-date"), element.tag) if start is not None else None,
            end=self.date(end.get("iso-date"), element.tag) if end is not None else None,
            value=value,
        )

    def transaction(self, element) -> Transaction | None:
        value = self.money(element.find("value"), "transaction")
        if value is None:
            return None
        kind, when = element.find("transaction-type"), element.find("transaction-date")
        return Transaction(
            type=kind.get("code", "") if kind is not None else "",
            date=self.date(when.get("iso-date"), "transaction") if when is not None else None,
            value=value,
            provider=self.organisation(element.find("provider-org"), role="provider"),
            receiver=self.organisation(element.find("receiver-org"), role="receiver"),
            descriptions=self.narratives(element.find("description")),
        )

    def location(self, element) -> Location:
        latitude = longitude = None
        pos = element.findtext("point/pos")
        if pos:
            parts = pos.split()
            if len(parts) == 2:
                latitude, longitude = _decimal(parts[0]), _decimal(parts[1])
            if (
                latitude is None
                or longitude is None
                or not (-90 <= latitude <= 90 and -180 <= longitude <= 180)
            ):
                self.problem("bad-position", value=pos[:60])
                latitude = longitude = None
        return Location(names=self.narratives(element.find("name")), latitude=latitude, longitude=longitude)


def _one_line(text) -> str:
    """A text from the file through the one cleaning rule of every input (`lib.text.clean_text`:
    bidi and other control characters removed), its runs of spaces and line breaks made one space."""
    return " ".join(clean_text(text or "").split())


def _decimal(text: str) -> Decimal | None:
    """A decimal number as IATI writes it (no thousands separator); None when it is not one."""
    text = text.strip()
    if not re.fullmatch(r"[-+]?\d{1,30}(\.\d{1,30})?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None
