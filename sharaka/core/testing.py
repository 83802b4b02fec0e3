"""Named personas for tests: one user per role, and small factories for the base objects.

def test_it_lets_the_officer_edit(client, personas): client.force_login(personas.officer)
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from sharaka.core.roles import Role


def make_user(username: str, role: str, **extra):
    from sharaka.core.models import User

    user = User.objects.create_user(username=username, password="pass-for-tests-only", role=role, **extra)
    return user


@dataclass
class Personas:
    admin: object
    officer: object
    finance: object
    manager: object
    other_manager: object
    president: object
    council: object
    prefecture: object
    auditor: object
    partner_viewer: object
    outsider_partner_viewer: object

    def by_role(self):
        return {
            "administrator": self.admin,
            "cooperation_officer": self.officer,
            "finance_officer": self.finance,
            "project_manager": self.manager,
            "president": self.president,
            "council_member": self.council,
            "prefecture": self.prefecture,
            "auditor": self.auditor,
            "partner_viewer": self.partner_viewer,
        }


def make_organisation(**overrides):
    from sharaka.partners.models import Organisation

    data = {
        "name_fr": "Programme des Nations unies pour le développement",
        "name_en": "United Nations Development Programme",
        "name_ar": "برنامج الأمم المتحدة الإنمائي",
        "acronym": "UNDP",
        "model": Organisation.Model.UN_AGENCY,
        "legal_type": Organisation.LegalType.INTERGOVERNMENTAL,
        "country": "US",
        "iati_identifier": "XM-DAC-41114",
        "iati_type": "40",
        "stage": Organisation.Stage.ACTIVE,
    }
    data.update(overrides)
    return Organisation.objects.create(**data)


def make_project(**overrides):
    from sharaka.projects.models import Project

    data = {
        "code": "AOU-T-001",
        "title_ar": "تحلية مياه البحر بالطاقة الشمسية",
        "title_fr": "Dessalement solaire",
        "title_en": "Solar desalination",
        "planned_start": datetime.date(2026, 1, 1),
        "planned_end": datetime.date(2027, 12, 31),
    }
    data.update(overrides)
    return Project.objects.create(**data)


def share_project(project, organisation, role="1", amount=Decimal("100000.00"), currency="EUR"):
    from sharaka.projects.models import ProjectPartner

    return ProjectPartner.objects.create(
        project=project,
        organisation=organisation,
        role=role,
        committed_amount=amount if role == "1" else None,
        currency=currency,
        committed_on=datetime.date(2026, 1, 15) if role == "1" else None,
    )


@pytest.fixture
def personas(db):
    from sharaka.partners.models import PartnerAccess

    partner = make_organisation()
    stranger = make_organisation(
        name_fr="Autre bailleur",
        name_en="Other donor",
        name_ar="ممول آخر",
        acronym="OTH",
        iati_identifier="XM-OTH",
    )
    viewer = make_user("viewer", Role.PARTNER_VIEWER)
    PartnerAccess.objects.create(user=viewer, organisation=partner)
    other_viewer = make_user("other_viewer", Role.PARTNER_VIEWER)
    PartnerAccess.objects.create(user=other_viewer, organisation=stranger)
    return Personas(
        admin=make_user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True),
        officer=make_user("officer", Role.COOPERATION_OFFICER),
        finance=make_user("finance", Role.FINANCE_OFFICER),
        manager=make_user("manager", Role.PROJECT_MANAGER),
        other_manager=make_user("other_manager", Role.PROJECT_MANAGER),
        president=make_user("president", Role.PRESIDENT),
        council=make_user("council", Role.COUNCIL_MEMBER),
        prefecture=make_user("prefecture", Role.PREFECTURE),
        auditor=make_user("auditor", Role.AUDITOR),
        partner_viewer=viewer,
        outsider_partner_viewer=other_viewer,
    )


ROLES = [
    "administrator",
    "cooperation_officer",
    "finance_officer",
    "project_manager",
    "president",
    "council_member",
    "prefecture",
    "auditor",
    "partner_viewer",
]


@dataclass(frozen=True)
class Wrote:
    """A POST that succeeds: it answers `status` and appends to the audit ledger."""

    status: int = 302

    def __str__(self):
        return f"{self.status} and a ledger entry"


def wrote(status: int = 302) -> Wrote:
    """In a POST expectation: this role's POST succeeds (`status`) and the ledger grows. A plain status
    means nothing was written: the ledger and every table keep their rows."""
    return Wrote(status)


def expect(default, anonymous=302, **overrides) -> dict:
    """Expected outcome per role for one URL: `expect(200, prefecture=404, partner_viewer=404)`.

    For GET a status; for POST a status (nothing written) or `wrote(status)`."""
    statuses = {role: default for role in ROLES}
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    statuses.update(overrides)
    statuses["anonymous"] = anonymous
    return statuses


@dataclass
class World:
    """A small, fixed set of objects for walking every URL as every role."""

    personas: Personas
    organisation: object  # shared with personas.partner_viewer
    other_organisation: object
    project: object  # managed by personas.manager, the organisation funds it
    private_project: object  # nobody outside the commune is a partner of it
    contact: object
    interaction: object
    follow_up: object
    negotiation_round: object
    document: object
    extra: dict = field(
        default_factory=dict
    )  # objects other apps make once per test: w.extra.setdefault(...)


@pytest.fixture
def world(personas):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from sharaka.partners.models import Contact, FollowUp, Interaction, NegotiationRound, Organisation
    from sharaka.projects.models import Document

    organisation = Organisation.objects.get(acronym="UNDP")
    other = Organisation.objects.get(acronym="OTH")
    project = make_project(manager=personas.manager)
    share_project(project, organisation)
    private = make_project(
        code="AOU-T-002", title_fr="Projet interne", title_ar="مشروع داخلي", title_en="Internal project"
    )
    contact = Contact.objects.create(
        organisation=organisation,
        name="Leila Benali",
        email="leila@example.org",
        position="Programme officer",
    )
    interaction = Interaction.objects.create(
        organisation=organisation,
        kind="meeting",
        date=datetime.date(2026, 11, 20),
        subject="Réunion de cadrage",
        recorded_by=personas.officer,
    )
    follow_up = FollowUp.objects.create(
        interaction=interaction,
        description="Envoyer la note conceptuelle",
        owner=personas.officer,
        due_date=datetime.date(2026, 12, 3),
    )
    negotiation = NegotiationRound.objects.create(
        organisation=organisation,
        topic="Cofinancement",
        round_number=1,
        date=datetime.date(2026, 11, 21),
        our_position="50 %",
        recorded_by=personas.officer,
    )
    document = Document.objects.create(
        project=project,
        title="Note conceptuelle",
        kind="concept_note",
        visibility="private",
        file=SimpleUploadedFile("note.pdf", b"%PDF-1.4 test", content_type="application/pdf"),
        content_type="application/pdf",
        size=13,
        sha256="0" * 64,
        uploaded_by=personas.officer,
    )
    return World(
        personas,
        organisation,
        other,
        project,
        private,
        contact,
        interaction,
        follow_up,
        negotiation,
        document,
    )


def form_data(form, **overrides) -> dict:
    """What a browser would send for this unbound form as it opens (its initial values), with
    `overrides`: the minimal valid POST of an edit page, for the POST walk (core/tests/test_url_access.py)."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        else:
            value = getattr(value, "pk", value)
        data[bound.html_name] = value
    data.update(overrides)
    return data


@dataclass(frozen=True)
class FromPage:
    """POST data taken from the page's own form as the administrator opens it, with `changes(world)`
    applied (a value, a list of values, or None to drop a field); see `page`."""

    changes: object = None


def page(changes=None) -> FromPage:
    """In POSTS: send what the page's form holds when it opens, changed by `changes(world) -> dict`."""
    return FromPage(changes)


def pdf_upload(name="walk.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4 walk\n%%EOF\n", content_type="application/pdf")


# --- the Aourir demo, loaded once per test process ------------------------------------------------

_DEMO: dict = {}


def sqlite_copy(database):
    """A copy in memory of an SQLite database (a `sqlite3` connection), through SQLite's backup API;
    `copy.backup(database)` puts it back (milliseconds for the demo)."""
    import sqlite3

    copy = sqlite3.connect(":memory:", check_same_thread=False)
    database.backup(copy)
    return copy


def migrate_to(targets=None):
    """Migrate the test database to `targets` ([(app, migration)]; None: the latest of every app) and
    return the models as they were there (`apps.get_model`), for a test of a data migration. Such a
    test is `django_db(transaction=True)` and ends with `migrate_to()`."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def row_counts(tables: list[str]) -> dict[str, int]:
    """{table: rows} of these tables, in one query."""
    from django.db import connection

    counts = ", ".join(f"(SELECT COUNT(*) FROM {connection.ops.quote_name(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


@contextmanager
def demo_loaded(django_db_blocker, tmp_path_factory):
    """The Aourir demo in the test database for a module's tests, inside a transaction rolled back
    at the end (each test runs in its own savepoint inside it); yields (output, media): what
    `load_demo` printed and the folder holding the files it wrote.

    Loading it takes 20 to 40 seconds, and a dozen modules need it: it is loaded once per test
    process and kept. With SQLite's in-memory test database (`make test`), as a copy of the whole
    database put back through SQLite's backup API (as e2e/conftest.py does), the database as it was
    before being put back after; on PostgreSQL, as every table's rows (COPY), put back inside the
    module's transaction after emptying the tables there (TRUNCATE is undone with the rest)."""
    import io
    from types import SimpleNamespace

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import override_settings

    def load():
        out, media = io.StringIO(), tmp_path_factory.mktemp("demo-media")
        with override_settings(MEDIA_ROOT=media):
            call_command("load_demo", stdout=out)
        return SimpleNamespace(output=out.getvalue(), media=media)

    with django_db_blocker.unblock():
        in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
        kept = _DEMO.get(connection.vendor)
        before = None
        if in_memory:
            connection.ensure_connection()
            before = sqlite_copy(connection.connection)
            if kept:
                kept["copy"].backup(connection.connection)
            else:  # the first time in this process: loaded (and committed), then copied
                kept = _DEMO["sqlite"] = {"demo": load(), "copy": sqlite_copy(connection.connection)}
        try:
            with transaction.atomic():
                if in_memory:
                    demo = kept["demo"]
                elif connection.vendor == "postgresql" and kept:
                    _put_rows_back(connection, kept["rows"])
                    demo = kept["demo"]
                else:
                    demo = load()
                    if connection.vendor == "postgresql":
                        _DEMO["postgresql"] = {"demo": demo, "rows": _rows_of(connection)}
                with override_settings(MEDIA_ROOT=demo.media):
                    yield demo
                transaction.set_rollback(True)
        finally:
            if before is not None:
                before.backup(connection.connection)
                before.close()


def _tables(connection) -> list[str]:
    return sorted(set(connection.introspection.table_names()) - {"django_migrations"})


def _rows_of(connection) -> dict[str, bytes]:
    """Every table's rows, as PostgreSQL's COPY writes them."""
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables(connection):
            with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                rows[table] = b"".join(bytes(block) for block in copy)
    return rows


def _put_rows_back(connection, rows: dict[str, bytes]) -> None:
    """Empty every table and load the kept rows (foreign keys are checked at commit, which never
    comes: the caller's transaction is rolled back; the sequences are already past the kept ids)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in _tables(connection))}")
        for table, data in rows.items():
            if data:
                with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                    copy.write(data)
