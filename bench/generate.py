"""Synthetic Sharaka data at the scales of DESIGN.md, the same every time for one seed.

Everything is written with `bulk_create` in batches, with explicit primary keys, into a freshly
migrated database; search rows are made by the services' own `index_*` functions (so the text is
normalised exactly as in the application), audit entries are chained with the real hash.
Run inside a configured Django (see `bench.__main__`), never on a database that matters:
`generate(scale)` expects an empty, migrated one.

What is generated, per scale (see SCALES): users of every role with project managers in
proportion, localities, partner organisations with focus areas, contacts, interactions with the
people met and follow-ups, projects with themes (objective, area, SDGs), localities, DAC sectors,
partners in IATI roles with committed amounts, a status history that follows the pipeline, and
the audit ledger of all of it; for the funded projects, a co-financing plan, budget lines,
tranches and the scale's number of transactions (with the exchange rates they use), a share of
them published on the portal; agreements with their parties, projects, status history and
obligations. Each part is generated only when the application has it (`_has`), so the bench
keeps working while parts land.
"""

import datetime
import hashlib
import json
import os
import random
from contextlib import contextmanager
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from types import SimpleNamespace

from bench.progress import Progress

GENERATOR_VERSION = 8  # 5: finance running totals; 6: amounts in integer centimes; 7: results;
# 8: sustainability (plans, costs, evidence, risks, checks, warnings from the daily tick)
SEED = 20261129
BATCH = 2000
DEMO_PASSWORD = "aourir-demo-2026"

SCALES = {
    "commune": {"partners": 50, "projects": 300, "transactions": 20_000, "localities": 12, "managers": 10},
    "region": {
        "partners": 1_000,
        "projects": 20_000,
        "transactions": 1_000_000,
        "localities": 400,
        "managers": 600,
    },
    "national": {
        "partners": 5_000,
        "projects": 100_000,
        "transactions": 5_000_000,
        "localities": 2_000,
        "managers": 3_000,
    },
}
# Results: per funded project, a chain of three levels and RESULT_INDICATORS indicators of
# RESULT_PERIODS half-years each (the 5 × 8: 800,000 periods at region scale).
RESULT_INDICATORS = 5
RESULT_PERIODS = 8
RESULT_LEVELS = [
    (
        "3",
        ("تحسين ظروف عيش الساكنة", "Meilleures conditions de vie des habitants", "Better living conditions"),
    ),
    ("2", ("خدمات أفضل للأسر", "De meilleurs services aux ménages", "Better services for households")),
    (
        "1",
        ("تجهيزات وتكوينات منجزة", "Équipements et formations réalisés", "Equipment and training delivered"),
    ),
]
# (title ar/fr/en, measure, unit ar/fr/en, ascending)
RESULT_INDICATOR_KINDS = [
    (
        ("نسبة الأسر المستفيدة", "Part des ménages bénéficiaires", "Share of households reached"),
        "2",
        ("", "", ""),
        True,
    ),
    (
        ("الأسر المستفيدة", "Ménages desservis", "Households served"),
        "1",
        ("أسرة", "ménages", "households"),
        True,
    ),
    (("الأشخاص المكوَّنون", "Personnes formées", "People trained"), "1", ("شخص", "personnes", "people"), True),
    (
        ("الربط المنجز", "Branchements réalisés", "Connections made"),
        "1",
        ("ربط", "branchements", "connections"),
        True,
    ),
    (("نسبة ضياع الماء", "Pertes d'eau du réseau", "Water lost by the network"), "2", ("", "", ""), False),
]
# Per partner: contacts and interactions; per interaction, the share that leaves a follow-up.
CONTACTS_PER_PARTNER = (1, 5)
INTERACTIONS_PER_PARTNER = (2, 14)
FOLLOW_UP_SHARE = 0.5
TODAY = datetime.date(2026, 11, 15)
NOW = datetime.datetime(2026, 11, 15, 9, 0, tzinfo=datetime.UTC)
LAST_TICK_SECONDS: float | None = None  # the generator's own run of the sustainability tick


def _migration_files() -> list[tuple[str, bytes]]:
    root = Path(__file__).resolve().parent.parent / "sharaka"
    return [
        (path.relative_to(root).as_posix(), path.read_bytes())
        for path in sorted(root.glob("*/migrations/*.py"))
    ]


def schema_fingerprint() -> str:
    """A hash of every migration of the application: a cached database is valid for one schema only."""
    digest = hashlib.sha1()
    for name, content in _migration_files():
        digest.update(name.encode())
        digest.update(content)
    return digest.hexdigest()[:10]


def migration_hashes() -> dict[str, str]:
    """{migration file: hash of its text}, kept in the marker: a cached database may be migrated
    forward only if every migration it was built with is still there, unchanged."""
    return {name: hashlib.sha1(content).hexdigest()[:12] for name, content in _migration_files()}


def cache_key(scale: str) -> str:
    return f"{scale}-g{GENERATOR_VERSION}-{schema_fingerprint()}"


# Words to build names and titles from; Arabic titles sometimes carry diacritics, as typed text does.
AR_ACTIONS = [
    "تأهيل",
    "إنشاء",
    "تحلية",
    "تهيئة",
    "دعم",
    "تعزيز",
    "حماية",
    "تطوير",
    "تجهيز",
    "تثمين",
    "ترميم",
    "تكوين",
]
FR_ACTIONS = [
    "Réhabilitation",
    "Création",
    "Dessalement",
    "Aménagement",
    "Appui",
    "Renforcement",
    "Protection",
    "Développement",
    "Équipement",
    "Valorisation",
    "Restauration",
    "Formation",
]
EN_ACTIONS = [
    "Rehabilitation",
    "Building",
    "Desalination",
    "Upgrading",
    "Support",
    "Strengthening",
    "Protection",
    "Development",
    "Equipment",
    "Promotion",
    "Restoration",
    "Training",
]
OBJECTS = [
    ("مياه البحر بالطاقة الشمسية", "de l'eau de mer à l'énergie solaire", "of seawater with solar power"),
    ("شبكة الصرف الصحي", "du réseau d'assainissement", "of the sewerage network"),
    ("الطرق القروية", "des routes rurales", "of rural roads"),
    ("النقل المدرسي", "du transport scolaire", "of school transport"),
    ("التكوين المهني للشباب", "de la formation professionnelle des jeunes", "of youth vocational training"),
    ("الأحياء الناقصة التجهيز", "des quartiers sous-équipés", "of under-equipped neighbourhoods"),
    ("التراث الأمازيغي", "du patrimoine amazigh", "of Amazigh heritage"),
    ("مهرجان الثقافة المحلية", "du festival de culture locale", "of the local culture festival"),
    ("تدبير النفايات المنزلية", "de la gestion des déchets ménagers", "of household waste management"),
    ("الضخ بالطاقة الشمسية", "du pompage solaire", "of solar pumping"),
    ("الساحل والكثبان الرملية", "du littoral et des dunes", "of the coast and dunes"),
    ("التعاونيات النسائية", "des coopératives féminines", "of women's cooperatives"),
    ("المراكز الصحية", "des centres de santé", "of health centres"),
    ("الإنارة العمومية", "de l'éclairage public", "of public lighting"),
    ("قدرات موظفي الجماعة", "des capacités du personnel communal", "of communal staff capacities"),
    ("السياحة القروية", "du tourisme rural", "of rural tourism"),
]
# The same titles with their diacritics, for about a third of the projects.
TASHKEEL = {
    "تحلية": "تَحْلِيَة",
    "تأهيل": "تَأْهِيل",
    "إنشاء": "إِنْشَاء",
    "مياه": "مِيَاه",
    "الطاقة": "الطَّاقَة",
    "الشمسية": "الشَّمْسِيَّة",
    "التراث": "التُّرَاث",
}
ORG_WORDS_FR = [
    "Agence",
    "Fondation",
    "Association",
    "Programme",
    "Fonds",
    "Institut",
    "Réseau",
    "Conseil",
    "Office",
    "Centre",
]
ORG_TOPICS = [
    ("للتنمية المستدامة", "pour le développement durable", "for Sustainable Development"),
    ("للمياه والطاقة", "de l'eau et de l'énergie", "for Water and Energy"),
    ("للتعاون اللامركزي", "de coopération décentralisée", "for Decentralised Cooperation"),
    ("للبيئة الساحلية", "de l'environnement côtier", "for the Coastal Environment"),
    ("للتضامن الدولي", "de solidarité internationale", "for International Solidarity"),
    ("للثقافة والتراث", "de la culture et du patrimoine", "for Culture and Heritage"),
    ("للتكوين والتشغيل", "de la formation et de l'emploi", "for Training and Employment"),
    ("للصحة العمومية", "de santé publique", "for Public Health"),
]
ORG_PLACES = [
    ("أوروبا", "d'Europe", "of Europe"),
    ("المتوسط", "de la Méditerranée", "of the Mediterranean"),
    ("إفريقيا", "d'Afrique", "of Africa"),
    ("الأطلسي", "de l'Atlantique", "of the Atlantic"),
    ("سوس ماسة", "du Souss-Massa", "of Souss-Massa"),
    ("الشمال", "du Nord", "of the North"),
]
ORG_WORDS_AR = ["وكالة", "مؤسسة", "جمعية", "برنامج", "صندوق", "معهد", "شبكة", "مجلس", "مكتب", "مركز"]
ORG_WORDS_EN = [
    "Agency",
    "Foundation",
    "Association",
    "Programme",
    "Fund",
    "Institute",
    "Network",
    "Council",
    "Office",
    "Centre",
]
COUNTRIES = ["FR", "ES", "DE", "BE", "IT", "NL", "US", "JP", "CH", "SE", "GB", "CA", "MA", "SN", "TN", "PT"]
FIRST_NAMES = [
    "Leila",
    "Youssef",
    "Fatima",
    "Omar",
    "Claire",
    "Hans",
    "Aiko",
    "Maria",
    "Karim",
    "Sara",
    "Ahmed",
    "Nadia",
]
LAST_NAMES = [
    "Benali",
    "El Idrissi",
    "Martin",
    "Schmidt",
    "Tanaka",
    "García",
    "Amrani",
    "Ouali",
    "Rossi",
    "Dubois",
]
POSITIONS = [
    "Chargée de programme",
    "Directeur pays",
    "Point focal",
    "Responsable financier",
    "Coordinatrice",
]
SUBJECTS = [
    "Réunion de cadrage",
    "Visite de terrain à Tamraght",
    "Appel de suivi",
    "Mission d'identification",
    "Échange sur la note conceptuelle",
    "اجتماع تنسيقي حول المشروع",
    "زيارة ميدانية إلى إمي ميقي",
]
FOLLOW_UPS = [
    "Envoyer la note conceptuelle",
    "Transmettre le budget révisé",
    "إرسال محضر الاجتماع",
    "Préparer la visite",
    "Relancer le point focal",
]
LOCALITY_STEMS = [
    ("دوار", "Douar", "Douar"),
    ("حي", "Quartier", "Quarter"),
    ("قرية", "Village", "Village"),
]
LOCALITY_NAMES = [
    ("أورير", "Aourir"),
    ("تامراغت", "Tamraght"),
    ("إمي ميقي", "Imi Miki"),
    ("أسرسيف", "Assersif"),
    ("ألما", "Alma"),
    ("تاغزوت", "Tighanimine"),
    ("أنزا", "Anza"),
    ("إموزار", "Imouzzer"),
    ("أمسكرود", "Amskroud"),
    ("الدراركة", "Drarga"),
    ("أقصري", "Aqesri"),
    ("تيكيوين", "Tikiouine"),
]
ROLE_USERS = {
    "admin": "administrator",
    "officer": "cooperation_officer",
    "finance": "finance_officer",
    "president": "president",
    "council": "council_member",
    "prefecture": "prefecture",
    "auditor": "auditor",
}
STATUS_WEIGHTS = {
    "idea": 14,
    "concept_note": 12,
    "proposal_submitted": 10,
    "approved": 10,
    "in_implementation": 24,
    "completed": 14,
    "closed": 8,
    "rejected": 5,
    "abandoned": 3,
}


@contextmanager
def _dates_as_given(*models):
    """Let `bulk_create` keep the dates we set, instead of stamping every row with now()."""
    saved = []
    for model in models:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, now, now_add in saved:
            field.auto_now, field.auto_now_add = now, now_add


@contextmanager
def _collect_search_rows(rows: list):
    """Run the services' own `index_*` functions, keeping their rows instead of writing them one by one."""
    from sharaka.core import search
    from sharaka.core.models import SearchEntry

    real_index = search.index

    def index(kind, object_id, *texts, year=None):
        rows.append(SearchEntry(kind=kind, object_id=object_id, text=search.text_of(*texts), year=year))

    search.index = index
    try:
        yield
    finally:
        search.index = real_index


def _converter(field, vendor: str):
    """Turn one attribute into what the database driver takes, as Django would, without its per-value cost."""
    from sharaka.core.money import ScaledIntegerField

    kind = field.get_internal_type()
    sqlite = vendor == "sqlite"
    stamped = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    if isinstance(field, ScaledIntegerField):  # amounts and rates: integer centimes or millionths
        return field.get_prep_value
    if kind == "DecimalField":
        return (lambda v: None if v is None else str(v)) if sqlite else (lambda v: v)
    if kind == "DateField":
        return (lambda v: None if v is None else v.isoformat()) if sqlite else (lambda v: v)
    if kind == "DateTimeField":

        def datetime_value(v):
            v = NOW if v is None and stamped else v
            if v is None or not sqlite:
                return v
            return v.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")

        return datetime_value
    if kind == "JSONField":
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    if kind == "BooleanField":
        return (lambda v: int(v)) if sqlite else (lambda v: bool(v))
    if kind == "FileField":
        return lambda v: (getattr(v, "name", v) or "") if v is not None else ""
    if kind in FAST_KINDS:
        return lambda v: v
    return None


FAST_KINDS = {
    "AutoField",
    "BigAutoField",
    "CharField",
    "TextField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "ForeignKey",
    "OneToOneField",
    "SlugField",
    "EmailField",
    "URLField",
}


# PostgreSQL takes the rows with COPY (psycopg's `cursor.copy`), several times faster than
# executemany INSERTs; the same rows either way (the env variable switches it off to compare).
INSERT_WITH_COPY = os.environ.get("SHARAKA_BENCH_COPY", "1") != "0"


def fast_insert(model, rows) -> bool:
    """INSERT rows (model instances or plain namespaces with the fields' attnames) with executemany,
    or COPY on PostgreSQL.

    bulk_create spends most of its time preparing each value through the SQL compiler; at a million
    rows that is the difference between minutes and the better part of an hour. Returns False,
    writing nothing, when a field is of a type this does not know (then use bulk_create).
    """
    from django.db import connection

    fields = [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and getattr(rows[0], f.attname, None) is None)
    ]
    converters = [_converter(f, connection.vendor) for f in fields]
    if any(c is None for c in converters):
        return False
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pairs = list(zip([f.attname for f in fields], converters, strict=True))
    if connection.vendor == "postgresql" and INSERT_WITH_COPY:
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:  # psycopg's own cursor, in Django's transaction
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([convert(getattr(row, name)) for name, convert in pairs])
        return True
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 5):
            cursor.executemany(
                sql,
                [
                    [convert(getattr(row, name)) for name, convert in pairs]
                    for row in rows[start : start + BATCH * 5]
                ],
            )
    return True


class Rows:
    """Plain rows for a model, much cheaper than instances: each field's default, then the values given."""

    def __init__(self, model):
        self.defaults = {f.attname: f.get_default() for f in model._meta.concrete_fields}

    def __call__(self, **values):
        row = dict(self.defaults)
        row.update(values)
        return SimpleNamespace(**row)


class Ledger:
    """Audit entries for every generated change, chained with the model's own hash."""

    def __init__(self):
        from sharaka.core.models import AuditEntry

        self.model = AuditEntry
        self.row = Rows(AuditEntry)
        self.pending: list = []
        self.previous = ""
        self.next_id = 1
        self.count = 0

    def add(
        self,
        *,
        at,
        actor_id,
        action,
        obj=None,
        kind=None,
        object_id=None,
        after=None,
        before=None,
        reason="",
        label=None,
    ):
        entry = self.row(
            id=self.next_id,
            at=at,
            actor_id=actor_id,
            action=action,
            object_type=kind or obj._meta.label_lower,
            object_id=str(object_id if object_id is not None else obj.pk),
            object_repr=(label or str(obj))[:300],
            before=before,
            after=after,
            reason=reason,
            previous_hash=self.previous,
        )
        # The model's own hashing, applied to the plain row, as sharaka.core.audit.record does.
        if hasattr(self.model, "compute_content_hash"):
            entry.content_hash = self.model.compute_content_hash(entry)
        entry.hash = self.model.compute_hash(entry)
        self.previous = entry.hash
        self.next_id += 1
        self.pending.append(entry)
        if len(self.pending) >= BATCH * 5:
            self.flush()

    def flush(self):
        if self.pending:
            fast_insert(self.model, self.pending)
            self.count += len(self.pending)
            self.pending = []


class Generator:
    def __init__(self, scale: str, seed: int = SEED):
        self.scale = scale
        self.size = SCALES[scale]
        self.rng = random.Random(f"{seed}-{scale}")
        self.counts: dict[str, int] = {}
        self.ledger = Ledger()

    # -- helpers -------------------------------------------------------------------------------
    def _moment(self, days_back_max: int = 3650) -> datetime.datetime:
        return NOW - datetime.timedelta(
            days=self.rng.randint(0, days_back_max), minutes=self.rng.randint(0, 1439)
        )

    def _insert(self, model, objects: list, label: str | None = None) -> None:
        if objects and not fast_insert(model, objects):
            with _dates_as_given(model):
                model.objects.bulk_create(objects, batch_size=BATCH)
        key = label or model._meta.label_lower
        self.counts[key] = self.counts.get(key, 0) + len(objects)

    # -- the run -------------------------------------------------------------------------------
    def run(self) -> dict:
        from django.db import transaction

        with transaction.atomic():
            self.users()
            self.localities()
            self.organisations()
            self.projects()
            if _has("finance"):
                self.finance()
                self._tally()
                self._reports()
            if _has("agreements"):
                self.agreements()
            if _has("results"):
                self.results()
            if _has("sustainability"):
                self.sustainability()
            self.ledger.flush()
        self.counts["core.auditentry"] = self.ledger.count
        self._reset_sequences()
        self._kept()
        if _has("sustainability"):
            self._sustainability_tick()
        self._analyze()
        return self.counts

    def _analyze(self):
        """Table statistics, as autovacuum would have gathered them on a live PostgreSQL database after
        so many inserts: without them the planner believes every table is nearly empty and picks
        plans that take minutes (the late-tranches count ran 20 minutes instead of 50 ms). SQLite is
        left as a live Sharaka database is, without `ANALYZE` statistics."""
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

    def users(self):
        from django.contrib.auth.hashers import make_password

        from sharaka.core.models import User

        password = make_password(DEMO_PASSWORD, salt="benchsalt")
        users = []
        for pk, (username, role) in enumerate(ROLE_USERS.items(), start=1):
            users.append(
                User(
                    id=pk,
                    username=username,
                    password=password,
                    role=role,
                    is_staff=username == "admin",
                    is_superuser=username == "admin",
                    first_name=username.title(),
                    date_joined=NOW,
                )
            )
        first_manager = len(users) + 1
        for i in range(self.size["managers"]):
            users.append(
                User(
                    id=first_manager + i,
                    username=f"manager{i + 1}",
                    password=password,
                    role="project_manager",
                    first_name=self.rng.choice(FIRST_NAMES),
                    last_name=self.rng.choice(LAST_NAMES),
                    date_joined=NOW,
                )
            )
        self._insert(User, users)
        self.officer_id = 2
        self.staff_ids = [1, 2]
        self.manager_ids = [u.id for u in users if u.role == "project_manager"]

    def localities(self):
        from sharaka.core.models import Locality

        rows = []
        for i in range(self.size["localities"]):
            stem_ar, stem_fr, stem_en = LOCALITY_STEMS[i % len(LOCALITY_STEMS)] if i else ("", "", "")
            base_ar, base_fr = LOCALITY_NAMES[i % len(LOCALITY_NAMES)]
            n = i // len(LOCALITY_NAMES)
            suffix = f" {n + 1}" if n else ""
            rows.append(
                Locality(
                    id=i + 1,
                    name_ar=f"{stem_ar} {base_ar}{suffix}".strip(),
                    name_fr=f"{stem_fr} {base_fr}{suffix}".strip(),
                    name_en=f"{stem_en} {base_fr}{suffix}".strip(),
                    kind="centre" if i == 0 else ("quarter", "douar", "village")[i % 3],
                    parent_id=1 if i else None,
                    latitude=Decimal("30.49") + Decimal(self.rng.randint(-900, 900)) / 10000,
                    longitude=Decimal("-9.63") + Decimal(self.rng.randint(-900, 900)) / 10000,
                )
            )
        self._insert(Locality, rows)
        self.locality_ids = [row.id for row in rows]

    def organisations(self):
        from sharaka.core.models import Theme
        from sharaka.partners import services as partner_services
        from sharaka.partners.models import Contact, FollowUp, Interaction, Organisation

        Organisation.focus_areas.through  # noqa: B018 (make sure the relation is loaded)
        models_ = [c for c, _l in Organisation.Model.choices]
        stages = [c for c, _l in Organisation.Stage.choices]
        area_ids = list(Theme.objects.filter(kind="area").values_list("id", flat=True))
        n = self.size["partners"]
        orgs, focus, contacts, interactions, met, follow_ups, search_rows = [], [], [], [], [], [], []
        contact_id = interaction_id = follow_up_id = 1
        with Progress("partners", n) as bar:
            for i in range(1, n + 1):
                model = self.rng.choice(models_)
                word = self.rng.randrange(len(ORG_WORDS_FR))
                topic = self.rng.choice(ORG_TOPICS)
                place = self.rng.choice(ORG_PLACES)
                country = self.rng.choice(COUNTRIES)
                created = self._moment()
                org = Organisation(
                    id=i,
                    name_ar=f"{ORG_WORDS_AR[word]} {place[0]} {topic[0]} {i}",
                    name_fr=f"{ORG_WORDS_FR[word]} {place[1]} {topic[1]} {i}",
                    name_en=f"{place[2].removeprefix('of ')} {ORG_WORDS_EN[word]} {topic[2]} {i}",
                    acronym=f"P{i:05d}",
                    model=model,
                    legal_type=(
                        "intergovernmental"
                        if model in ("un_agency", "eu", "development_bank")
                        else "foreign_local_authority"
                        if model == "foreign_local_government"
                        else "moroccan_private"
                        if model == "local_association"
                        else "moroccan_public"
                        if model == "national_public_body"
                        else "foreign_private"
                    ),
                    iati_identifier=f"XM-BENCH-{i:05d}",
                    iati_type=self.rng.choice(["10", "11", "21", "40", "60"]),
                    country=country,
                    website=f"https://partner{i}.example.org",
                    stage=self.rng.choice(stages),
                    description_fr=f"Organisation partenaire synthétique {i}, {topic[1]}.",
                    description_ar=f"منظمة شريكة تركيبية {i} {topic[0]}",
                    created_at=created,
                    updated_at=created,
                )
                orgs.append(org)
                for area in self.rng.sample(area_ids, self.rng.randint(1, 3)):
                    focus.append(Organisation.focus_areas.through(organisation_id=i, theme_id=area))
                org_contacts = []
                for k in range(self.rng.randint(*CONTACTS_PER_PARTNER)):
                    first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
                    contact = Contact(
                        id=contact_id,
                        organisation_id=i,
                        name=f"{first} {last}",
                        position=self.rng.choice(POSITIONS),
                        email=f"{first.lower()}.{contact_id}@partner{i}.example.org",
                        phone=f"+212 6{self.rng.randint(10, 99)} {self.rng.randint(100, 999)} {self.rng.randint(100, 999)}",
                        languages=self.rng.choice(["ar, fr", "fr, en", "en", "ar, fr, en"]),
                        is_primary=k == 0,
                    )
                    contacts.append(contact)
                    org_contacts.append(contact)
                    contact_id += 1
                for _k in range(self.rng.randint(*INTERACTIONS_PER_PARTNER)):
                    day = TODAY - datetime.timedelta(days=self.rng.randint(0, 1500))
                    interactions.append(
                        Interaction(
                            id=interaction_id,
                            organisation_id=i,
                            kind=self.rng.choice(["meeting", "call", "email", "mission", "visit", "event"]),
                            date=day,
                            subject=self.rng.choice(SUBJECTS),
                            summary="Compte rendu synthétique.",
                            recorded_by_id=self.rng.choice(self.staff_ids),
                            created_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC),
                        )
                    )
                    if org_contacts:
                        met.append(
                            Interaction.contacts.through(
                                interaction_id=interaction_id, contact_id=self.rng.choice(org_contacts).id
                            )
                        )
                    if self.rng.random() < FOLLOW_UP_SHARE:
                        follow_ups.append(
                            FollowUp(
                                id=follow_up_id,
                                interaction_id=interaction_id,
                                description=self.rng.choice(FOLLOW_UPS),
                                owner_id=self.rng.choice(self.staff_ids),
                                due_date=day + datetime.timedelta(days=self.rng.randint(3, 30)),
                                done_at=None
                                if day > TODAY - datetime.timedelta(days=40)
                                else datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC),
                            )
                        )
                        follow_up_id += 1
                    interaction_id += 1
                bar.advance()
        with _collect_search_rows(search_rows):
            for org in orgs:
                partner_services.index_organisation(org)
            for contact in contacts:
                partner_services.index_contact(contact)
        self._insert(Organisation, orgs)
        self._insert(Organisation.focus_areas.through, focus, "partners.organisation_focus_areas")
        self._insert(Contact, contacts)
        self._insert(Interaction, interactions)
        self._insert(Interaction.contacts.through, met, "partners.interaction_contacts")
        self._insert(FollowUp, follow_ups)
        self._insert_search(search_rows)
        for org in orgs:
            self.ledger.add(
                at=org.created_at,
                actor_id=self.officer_id,
                action="organisation.create",
                obj=org,
                after={"id": org.id},
            )
        for interaction in interactions:
            self.ledger.add(
                at=interaction.created_at,
                actor_id=interaction.recorded_by_id,
                action="interaction.create",
                obj=interaction,
                after={"organisation": interaction.organisation_id},
            )
        self.org_ids = [o.id for o in orgs]

    def _insert_search(self, rows):
        from sharaka.core.models import SearchEntry

        start = self.counts.get("core.searchentry", 0)
        for offset, row in enumerate(rows, start=start + 1):
            row.id = offset
        self._insert(SearchEntry, rows)

    def projects(self):
        from sharaka.core import codelists
        from sharaka.core.models import Theme
        from sharaka.projects import pipeline
        from sharaka.projects import services as project_services
        from sharaka.projects.models import Project, ProjectPartner, ProjectSector, StatusChange

        themes = {
            kind: list(Theme.objects.filter(kind=kind).values_list("id", flat=True))
            for kind in ("objective", "area", "sdg")
        }
        sectors = sorted(codelists.names("Sector"))
        statuses, weights = zip(*STATUS_WEIGHTS.items(), strict=True)
        n = self.size["projects"]
        chunk = 5000
        change_id = 1
        participation_id = 1
        self.funded = []  # (project, [(organisation id, currency, amount)]) of the funded projects
        self.project_ids = []
        publishable = hasattr(Project, "published_at")
        with Progress("projects", n) as bar:
            for first in range(1, n + 1, chunk):
                projects, theme_rows, place_rows, sector_rows, partners, changes, search_rows = (
                    [],
                    [],
                    [],
                    [],
                    [],
                    [],
                    [],
                )
                for pk in range(first, min(first + chunk, n + 1)):
                    action = self.rng.randrange(len(AR_ACTIONS))
                    obj_ar, obj_fr, obj_en = self.rng.choice(OBJECTS)
                    place = LOCALITY_NAMES[self.rng.randrange(len(LOCALITY_NAMES))]
                    title_ar = f"{AR_ACTIONS[action]} {obj_ar} في {place[0]}"
                    if self.rng.random() < 0.33:
                        title_ar = " ".join(TASHKEEL.get(word, word) for word in title_ar.split(" "))
                    start = TODAY + datetime.timedelta(days=self.rng.randint(-3650, 900))
                    end = start + datetime.timedelta(days=self.rng.randint(180, 1460))
                    created = datetime.datetime.combine(
                        min(start, TODAY) - datetime.timedelta(days=self.rng.randint(30, 400)),
                        datetime.time(9),
                        tzinfo=datetime.UTC,
                    )
                    status = self.rng.choices(statuses, weights)[0]
                    project = Project(
                        id=pk,
                        code=f"AOU-{start.year}-{pk:06d}",
                        title_ar=title_ar,
                        title_fr=f"{FR_ACTIONS[action]} {obj_fr} à {place[1]}",
                        title_en=f"{EN_ACTIONS[action]} {obj_en} in {place[1]}",
                        summary_ar=f"مشروع تركيبي رقم {pk}: {title_ar}.",
                        summary_fr=f"Projet synthétique n° {pk} pour le banc d'essai de Sharaka.",
                        summary_en=f"Synthetic project {pk} for the Sharaka benchmark.",
                        pac_reference=f"PAC-{self.rng.randint(1, 40)}.{self.rng.randint(1, 9)}",
                        priority=self.rng.choice([1, 2, 2, 3]),
                        status=status,
                        beneficiaries_women=self.rng.randint(0, 2000),
                        beneficiaries_youth=self.rng.randint(0, 2000),
                        beneficiaries_disabled=self.rng.randint(0, 100),
                        beneficiaries_other=self.rng.randint(0, 5000),
                        planned_start=start,
                        planned_end=end,
                        manager_id=self.rng.choice(self.manager_ids),
                        created_at=created,
                        updated_at=created,
                    )
                    path = self._path_to(status, pipeline)
                    project.actual_start = start if "in_implementation" in path else None
                    project.actual_end = end if status in ("completed", "closed") else None
                    project.version = len(path)
                    projects.append(project)
                    for kind, count in (
                        ("objective", 1),
                        ("area", self.rng.randint(1, 2)),
                        ("sdg", self.rng.randint(1, 3)),
                    ):
                        for theme_id in self.rng.sample(themes[kind], count):
                            theme_rows.append(Project.themes.through(project_id=pk, theme_id=theme_id))
                    for locality_id in self.rng.sample(
                        self.locality_ids, min(len(self.locality_ids), self.rng.randint(1, 2))
                    ):
                        place_rows.append(Project.localities.through(project_id=pk, locality_id=locality_id))
                    codes = self.rng.sample(sectors, self.rng.randint(1, 2))
                    shares = [100] if len(codes) == 1 else [60, 40]
                    for code, share in zip(codes, shares, strict=True):
                        sector_rows.append(ProjectSector(project_id=pk, code=code, percentage=share))
                    chosen = self.rng.sample(self.org_ids, min(len(self.org_ids), self.rng.randint(1, 3)))
                    first_partner = len(partners)
                    for k, org_id in enumerate(chosen):
                        role = "1" if k == 0 or self.rng.random() < 0.3 else self.rng.choice(["2", "3", "4"])
                        currency = self.rng.choice(["MAD", "MAD", "EUR", "USD"])
                        partners.append(
                            ProjectPartner(
                                id=participation_id,
                                project_id=pk,
                                organisation_id=org_id,
                                role=role,
                                committed_amount=Decimal(self.rng.randint(50, 20_000) * 1000)
                                if role == "1"
                                else None,
                                currency=currency,
                                committed_on=start if role == "1" else None,
                            )
                        )
                        participation_id += 1
                    moment = created
                    previous = ""
                    for step in path:
                        changes.append(
                            StatusChange(
                                id=change_id,
                                project_id=pk,
                                old_status=previous,
                                new_status=step,
                                changed_by_id=self.officer_id,
                                changed_at=moment,
                                reason="Created"
                                if not previous
                                else ("Synthetic" if step in pipeline.REASON_REQUIRED else ""),
                            )
                        )
                        change_id += 1
                        previous = step
                        moment += datetime.timedelta(days=self.rng.randint(10, 120))
                    project.updated_at = min(moment, NOW)
                    self.project_ids.append(pk)
                    if status in pipeline.FUNDED:
                        funders = [
                            (p.organisation_id, p.currency, p.committed_amount)
                            for p in partners[first_partner:]
                            if p.role == "1"
                        ]
                        self.funded.append((project, funders))
                        if publishable and self.rng.random() < 0.6:
                            project.published_at = project.updated_at
                with _collect_search_rows(search_rows):
                    for project in projects:
                        project_services.index_project(project)
                self._insert(Project, projects)
                self._insert(Project.themes.through, theme_rows, "projects.project_themes")
                self._insert(Project.localities.through, place_rows, "projects.project_localities")
                self._insert(ProjectSector, sector_rows)
                self._insert(ProjectPartner, partners)
                self._insert(StatusChange, changes)
                self._insert_search(search_rows)
                by_project = {}
                for change in changes:
                    by_project.setdefault(change.project_id, []).append(change)
                for project in projects:
                    for change in by_project[project.id]:
                        if change.old_status:
                            self.ledger.add(
                                at=change.changed_at,
                                actor_id=self.officer_id,
                                action="project.advance",
                                obj=project,
                                before={"status": change.old_status},
                                after={"status": change.new_status},
                                reason=change.reason,
                            )
                        else:
                            self.ledger.add(
                                at=change.changed_at,
                                actor_id=self.officer_id,
                                action="project.create",
                                obj=project,
                                after={"code": project.code, "status": "idea"},
                            )
                bar.advance(len(projects))

    # -- finance: rates, accounts, co-financing plans, budget lines, tranches, transactions ---------
    def finance(self):
        from sharaka.finance.models import Account, BudgetLine, ExchangeRate, Funder, Tranche, Transaction
        from sharaka.lib.money import quantize

        rates, rate_rows = {}, []
        for currency, base in (("EUR", Decimal("10.80")), ("USD", Decimal("9.95"))):
            day = datetime.date(2014, 1, 1)
            while day <= TODAY + datetime.timedelta(days=1000):
                rate = (base + Decimal(self.rng.randint(-60, 60)) / 100).quantize(Decimal("0.000001"))
                rates[(currency, day.year, day.month)] = (rate, day)
                rate_rows.append(
                    ExchangeRate(
                        currency=currency,
                        date=day,
                        rate=rate,
                        source="Bank Al-Maghrib (synthetic)",
                        created_at=NOW,
                    )
                )
                day = (day + datetime.timedelta(days=32)).replace(day=1)
        self._insert(ExchangeRate, rate_rows)

        def rate_for(currency, day):
            if currency == "MAD":
                return Decimal("1"), day, ""
            rate, rate_day = rates[(currency, day.year, day.month)]
            return rate, rate_day, "Bank Al-Maghrib (synthetic)"

        accounts = []
        for i in range(max(3, len(self.funded) // 60)):
            kind = ("aid_line", "earmarked", "allocation")[i % 3]
            accounts.append(
                Account(
                    id=i + 1,
                    kind=kind,
                    name=f"Compte {i + 1}",
                    reference=f"CAS-{i + 1:04d}",
                    opened_on=datetime.date(2012, 1, 1),
                )
            )
        self._insert(Account, accounts)
        account_ids = [a.id for a in accounts]

        categories = [c for c, _l in BudgetLine.Category.choices]
        transaction_row = Rows(Transaction)
        total = self.size["transactions"]
        per_project = total / max(len(self.funded), 1)
        written = 0
        funder_id = line_id = tranche_id = tx_id = 1
        funders, lines, tranches, txs = [], [], [], []

        def flush():
            self._insert(Funder, funders)
            self._insert(BudgetLine, lines)
            self._insert(Tranche, tranches)
            self._insert(Transaction, txs)
            for tx in txs:
                self.ledger.add(
                    at=tx.recorded_at,
                    actor_id=tx.recorded_by_id,
                    action="transaction.record",
                    kind="finance.transaction",
                    object_id=tx.id,
                    after={"amount": str(tx.amount), "currency": tx.currency, "type": tx.type},
                    label=f"{tx.type} · {tx.value_date:%Y-%m-%d} · {tx.amount} {tx.currency}",
                )
            for rows in (funders, lines, tranches, txs):
                rows.clear()

        with Progress("transactions", total) as bar:
            for index, (project, partner_rows) in enumerate(self.funded):
                start = project.planned_start
                plan = []  # (funder, lines)
                for org_id, currency, amount in partner_rows:
                    rate, rate_day, _source = rate_for(currency, start)
                    funder = Funder(
                        id=funder_id,
                        project_id=project.id,
                        kind="partner",
                        organisation_id=org_id,
                        currency=currency,
                        cash=amount,
                        rate=rate,
                        rate_date=rate_day,
                        cash_mad=quantize(amount * rate),
                    )
                    funders.append(funder)
                    plan.append(funder)
                    funder_id += 1
                own = Decimal(self.rng.randint(100, 3000) * 1000)
                commune = Funder(
                    id=funder_id,
                    project_id=project.id,
                    kind="commune",
                    name="Commune d'Aourir",
                    currency="MAD",
                    cash=own,
                    rate=Decimal("1"),
                    rate_date=start,
                    cash_mad=own,
                )
                funders.append(commune)
                plan.append(commune)
                funder_id += 1
                project_lines = []
                for funder in plan:
                    for category in self.rng.sample(categories, self.rng.randint(1, 3)):
                        line = BudgetLine(
                            id=line_id,
                            project_id=project.id,
                            category=category,
                            funder_id=funder.id,
                            description="",
                            amount_mad=quantize(funder.cash_mad / 3 + 1),
                        )
                        lines.append(line)
                        project_lines.append(line)
                        line_id += 1
                    if funder.kind == "partner":
                        for k in range(self.rng.randint(1, 3)):
                            tranches.append(
                                Tranche(
                                    id=tranche_id,
                                    project_id=project.id,
                                    funder_id=funder.id,
                                    expected_on=start + datetime.timedelta(days=180 * k),
                                    currency=funder.currency,
                                    amount=quantize(funder.cash / 3 + 1),
                                )
                            )
                            tranche_id += 1
                target = round(per_project * (index + 1)) - written
                end = min(project.planned_end or TODAY, TODAY)
                span = max((end - start).days, 1)
                for _k in range(max(target, 0)):
                    incoming = self.rng.random() < 0.25
                    funder = self.rng.choice(plan) if incoming else None
                    day = start + datetime.timedelta(days=self.rng.randint(0, span))
                    currency = funder.currency if funder else "MAD"
                    rate, rate_day, source = rate_for(currency, day)
                    amount = Decimal(self.rng.randint(1_000, 2_000_000)) / 100
                    txs.append(
                        transaction_row(
                            id=tx_id,
                            project_id=project.id,
                            type=self.rng.choice(["1", "11"])
                            if incoming
                            else self.rng.choice(["2", "3", "4", "4"]),
                            funder_id=funder.id if funder else None,
                            budget_line_id=None if incoming else self.rng.choice(project_lines).id,
                            account_id=self.rng.choice(account_ids),
                            provider=f"Partner {funder.organisation_id}"
                            if funder and funder.organisation_id
                            else "Commune d'Aourir",
                            receiver="Commune d'Aourir"
                            if incoming
                            else f"Fournisseur {self.rng.randint(1, 400)}",
                            value_date=day,
                            currency=currency,
                            amount=amount,
                            rate=rate,
                            rate_date=rate_day,
                            rate_source=source,
                            amount_mad=quantize(amount * rate),
                            reference=f"OP-{tx_id:08d}",
                            recorded_by_id=3,
                            recorded_at=datetime.datetime.combine(
                                day, datetime.time(11), tzinfo=datetime.UTC
                            ),
                        )
                    )
                    tx_id += 1
                written += max(target, 0)
                if len(txs) >= 20_000:
                    bar.advance(len(txs))
                    flush()
            bar.advance(len(txs))
            flush()

    def _reports(self, count: int = 50):
        """Donor financial reports for the first year of `count` funded projects spread through the
        table, each locking its period's transactions as `services.report_issue` does."""
        from sharaka.finance.models import FinancialReport, Funder, Transaction

        reports = []
        for index, (project, _rows) in enumerate(self.funded[:: max(1, len(self.funded) // count)][:count]):
            funder = Funder.objects.filter(project_id=project.id, kind="partner").order_by("id").first()
            if funder is None:
                continue
            start = project.planned_start
            reports.append(
                FinancialReport(
                    id=index + 1,
                    project_id=project.id,
                    funder_id=funder.id,
                    period_start=start,
                    period_end=start + datetime.timedelta(days=364),
                    issued_by_id=3,  # the finance officer
                    issued_at=NOW,
                )
            )
        self._insert(FinancialReport, reports)
        for report in reports:
            Transaction.objects.filter(
                project_id=report.project_id, value_date__range=(report.period_start, report.period_end)
            ).update(locked_by_id=report.id)

    def _tally(self):
        """The finance running totals, summed from the inserted transactions in one statement."""
        try:
            from sharaka.finance import tally
        except ImportError:  # an older checkout without running totals
            return
        self.counts["finance.tally"] = tally.rebuild()

    def _kept(self):
        """Every other figure the services keep (core/kept.py), computed from the inserted rows by the
        application's own rebuild, as `manage.py kept --rebuild` does."""
        try:
            from sharaka.core import kept
        except ImportError:  # an older checkout
            return
        from bench.targets import skipped_kept

        for name, rows in kept.rebuild_all(skip=skipped_kept()).items():
            self.counts[f"kept: {name}"] = rows

    # -- agreements: parties, projects covered, legal road so far, obligations -----------------------
    def agreements(self):
        from sharaka.agreements import pipeline as road_of
        from sharaka.agreements.models import Agreement, AgreementParty, Obligation
        from sharaka.agreements.models import StatusChange as AgreementChange

        kinds = ["twinning", "decentralised", "partnership", "financing", "mou"]
        count = max(10, self.size["projects"] // 3)
        rows, parties, covered, changes, obligations = [], [], [], [], []
        change_id = party_id = 1
        with Progress("agreements", count) as bar:
            for pk in range(1, count + 1):
                kind = self.rng.choice(kinds)
                foreign = kind in ("financing", "partnership") and self.rng.random() < 0.7
                has_cash = kind in ("financing", "partnership")
                states = [
                    str(s)
                    for s in road_of.road(
                        needs_prior_consent=kind in ("twinning", "decentralised"),
                        needs_visa=kind in ("twinning", "decentralised"),
                        needs_art86=foreign,
                        has_cash=has_cash,
                    )
                ]
                reached = self.rng.randint(0, len(states) - 1)
                status = states[reached]
                created = self._moment(2000)
                start = created.date() + datetime.timedelta(days=self.rng.randint(60, 400))
                object_ = self.rng.choice(OBJECTS)
                agreement = Agreement(
                    id=pk,
                    kind=kind,
                    reference=f"CONV-{created.year}-{pk:06d}",
                    title_ar=f"اتفاقية {object_[0]} رقم {pk}",
                    title_fr=f"Convention {object_[1]} n° {pk}",
                    title_en=f"Agreement {object_[2]} no. {pk}",
                    object_fr="Objet synthétique.",
                    languages="ar, fr",
                    foreign_money=foreign,
                    starts_on=start,
                    duration_months=self.rng.choice([12, 24, 36, 60]),
                    status=status,
                    owner_id=self.officer_id,
                    created_at=created,
                    updated_at=created,
                    signed_on=start if "signed" in states[: reached + 1] else None,
                )
                rows.append(agreement)
                parties.append(
                    AgreementParty(id=party_id, agreement_id=pk, organisation_id=None, cash_amount=None)
                )
                party_id += 1
                for org_id in self.rng.sample(self.org_ids, min(len(self.org_ids), self.rng.randint(1, 2))):
                    parties.append(
                        AgreementParty(
                            id=party_id,
                            agreement_id=pk,
                            organisation_id=org_id,
                            cash_amount=Decimal(self.rng.randint(50, 5000) * 1000) if has_cash else None,
                            currency=self.rng.choice(["MAD", "EUR"]),
                        )
                    )
                    party_id += 1
                for project_id in self.rng.sample(
                    self.project_ids, min(len(self.project_ids), self.rng.randint(1, 2))
                ):
                    covered.append(Agreement.projects.through(agreement_id=pk, project_id=project_id))
                moment, previous = created, ""
                for state in states[: reached + 1]:
                    changes.append(
                        AgreementChange(
                            id=change_id,
                            agreement_id=pk,
                            old_status=previous,
                            new_status=state,
                            changed_by_id=self.officer_id,
                            changed_at=moment,
                            reason="",
                        )
                    )
                    change_id += 1
                    previous = state
                    moment += datetime.timedelta(days=self.rng.randint(3, 40))
                agreement.updated_at = min(moment, NOW)
                for k in range(self.rng.randint(0, 3)):
                    obligations.append(
                        Obligation(
                            agreement_id=pk,
                            kind=self.rng.choice(["report", "tranche", "event", "renewal"]),
                            title=f"Échéance {k + 1}",
                            due_on=start + datetime.timedelta(days=90 * (k + 1)),
                            owner_id=self.officer_id,
                            state="done" if start + datetime.timedelta(days=90 * (k + 1)) < TODAY else "open",
                        )
                    )
                bar.advance()
        self._insert(Agreement, rows)
        self._insert(AgreementParty, parties)
        self._insert(Agreement.projects.through, covered, "agreements.agreement_projects")
        self._insert(AgreementChange, changes, "agreements.statuschange")
        self._insert(Obligation, obligations)
        for agreement in rows:
            self.ledger.add(
                at=agreement.created_at,
                actor_id=self.officer_id,
                action="agreement.create",
                obj=agreement,
                after={"kind": agreement.kind, "status": agreement.status},
                label=agreement.title_fr,
            )

    # -- results: chains, indicators, half-yearly periods, updates ----------------------------------
    def results(self):
        """Every funded project gets a results chain: an impact, an outcome and an output, with
        RESULT_INDICATORS indicators in all (one on the impact, one on the outcome, the rest on the
        output; one descending), each with a baseline and RESULT_PERIODS half-years from the project's
        planned start, targets on a straight line. A period already over has an approved update
        feeding its actual (one in five a little behind the line); the period under way a submitted
        update; one in ten periods also a returned or draft update. The approvals go to the ledger."""
        from sharaka.results.models import Indicator, Period, Result, Update, UpdateStatusChange

        result_row, indicator_row, period_row = Rows(Result), Rows(Indicator), Rows(Period)
        update_row, change_row = Rows(Update), Rows(UpdateStatusChange)
        result_id = indicator_id = period_id = update_id = change_id = 1
        results, indicators, periods, updates, changes = [], [], [], [], []

        def flush():
            self._insert(Result, results)
            self._insert(Indicator, indicators)
            self._insert(Period, periods)
            self._insert(Update, updates)
            self._insert(UpdateStatusChange, changes)
            for update in updates:
                if update.status == "approved":
                    self.ledger.add(
                        at=update.approved_at,
                        actor_id=self.officer_id,
                        action="update.approve",
                        kind="results.update",
                        object_id=update.id,
                        before={"status": "submitted"},
                        after={"status": "approved", "value": str(update.value)},
                        label=f"{update.period_id} · approved",
                    )
            for rows in (results, indicators, periods, updates, changes):
                rows.clear()

        def move(update, old, new, at, reason=""):
            nonlocal change_id
            changes.append(
                change_row(
                    id=change_id,
                    update_id=update.id,
                    old_status=old,
                    new_status=new,
                    changed_by_id=self.officer_id,
                    changed_at=at,
                    reason=reason,
                )
            )
            change_id += 1

        def report(period, value, status, at, reason=""):
            nonlocal update_id
            update = update_row(
                id=update_id,
                period_id=period.id,
                status=status,
                value=value,
                narrative_fr="Relevé du semestre.",
                created_by_id=self.officer_id,
                submitted_at=at if status != "draft" else None,
                approved_at=at if status == "approved" else None,
                created_at=at,
                updated_at=at,
            )
            update_id += 1
            updates.append(update)
            move(update, "", "draft", at)
            if status != "draft":
                move(update, "draft", "submitted", at)
            if status in ("approved", "returned"):
                move(update, "submitted", status, at, reason)
            return update

        with Progress("results", len(self.funded)) as bar:
            for project, _funders in self.funded:
                start = project.planned_start or datetime.date(2024, 1, 1)
                first_half = datetime.date(start.year, 1 if start.month <= 6 else 7, 1)
                halves = []
                for i in range(RESULT_PERIODS):
                    month = first_half.month + 6 * i
                    begin = datetime.date(first_half.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
                    end = (begin + datetime.timedelta(days=186)).replace(day=1) - datetime.timedelta(days=1)
                    halves.append((begin, end))
                chain = []
                for position, (level, (ar, fr, en)) in enumerate(RESULT_LEVELS):
                    results.append(
                        result_row(
                            id=result_id,
                            project_id=project.id,
                            type=level,
                            title_ar=ar,
                            title_fr=fr,
                            title_en=en,
                            position=position,
                            created_at=NOW,
                            updated_at=NOW,
                        )
                    )
                    chain.append(result_id)
                    result_id += 1
                for rank in range(RESULT_INDICATORS):
                    (ar, fr, en), measure, unit, ascending = RESULT_INDICATOR_KINDS[
                        rank % len(RESULT_INDICATOR_KINDS)
                    ]
                    baseline = Decimal(self.rng.randint(20, 60)) if measure == "2" else Decimal(0)
                    final = (
                        (baseline + Decimal(self.rng.randint(10, 30)))
                        if ascending and measure == "2"
                        else (baseline - Decimal(self.rng.randint(5, 15)))
                        if not ascending
                        else Decimal(self.rng.randint(50, 2000))
                    )
                    indicator = indicator_row(
                        id=indicator_id,
                        result_id=chain[min(rank, 2)],
                        title_ar=ar,
                        title_fr=fr,
                        title_en=en,
                        measure=measure,
                        unit_ar=unit[0],
                        unit_fr=unit[1],
                        unit_en=unit[2],
                        ascending=ascending,
                        baseline_value=baseline,
                        baseline_year=first_half.year - 1,
                        position=rank,
                        created_at=NOW,
                        updated_at=NOW,
                    )
                    indicator_id += 1
                    indicators.append(indicator)
                    for i, (begin, end) in enumerate(halves):
                        target = (baseline + (final - baseline) * (i + 1) / RESULT_PERIODS).quantize(
                            Decimal("0.01")
                        )
                        period = period_row(
                            id=period_id,
                            indicator_id=indicator.id,
                            start=begin,
                            end=end,
                            target=target,
                            created_at=NOW,
                            updated_at=NOW,
                        )
                        period_id += 1
                        periods.append(period)
                        at = datetime.datetime.combine(
                            min(end + datetime.timedelta(days=20), TODAY), datetime.time(10), datetime.UTC
                        )
                        if end < TODAY:
                            behind = Decimal("0.6") if self.rng.random() < 0.2 else Decimal(1)
                            value = (baseline + (target - baseline) * behind).quantize(Decimal("0.01"))
                            if self.rng.random() < 0.1:
                                report(period, value + 1, "returned", at, "Pièce justificative manquante.")
                            approved = report(period, value, "approved", at)
                            period.actual, period.actual_update_id = value, approved.id
                        elif begin <= TODAY:
                            report(period, target, "submitted" if self.rng.random() < 0.8 else "draft", at)
                if len(periods) >= BATCH * 5:
                    flush()
                bar.advance(1)
            flush()

    def sustainability(self):
        """A sustainability plan with 2-4 recurrent costs (one piece of evidence per plan backing the
        confirmed payers) for every completed or closed funded project and every approved or running
        one that ends within six months (or whose end has passed); the closed ones below the default
        80% threshold carry the president's reason. One to three risks per funded project (one in five
        past its review date, one in ten closed with its history). The three post-support checks
        (6, 12, 24 months after the end) of every completed or closed project, those already due
        recorded nine times in ten (one in eight finding the asset not working). The plans and risks
        go to the ledger. The warnings are then computed by the application's own daily tick
        (`_sustainability_tick`), as the background task does."""
        from sharaka.sustainability.models import (
            Check,
            Evidence,
            Plan,
            RecurrentCost,
            Risk,
            RiskStatusChange,
        )
        from sharaka.sustainability.queries import months_after

        plan_row, cost_row, evidence_row = Rows(Plan), Rows(RecurrentCost), Rows(Evidence)
        risk_row, change_row, check_row = Rows(Risk), Rows(RiskStatusChange), Rows(Check)
        plans, costs, evidence, risks, changes, checks = [], [], [], [], [], []
        ids = {"plan": 1, "cost": 1, "evidence": 1, "risk": 1, "change": 1, "check": 1}
        soon = TODAY + datetime.timedelta(days=183)
        at = datetime.datetime.combine(TODAY - datetime.timedelta(days=30), datetime.time(11), datetime.UTC)
        maintainers = [
            ("commune_service", "Service technique de la commune d'Aourir"),
            ("association", "Association des usagers de l'eau"),
            ("operator", "Opérateur délégué"),
            ("cooperative", "Coopérative féminine Tamount"),
        ]
        payers = [
            ("commune_budget", "Ligne budgétaire 10.20.30"),
            ("user_fees", "Redevance des usagers"),
            ("national_programme", "INDH"),
            ("follow_on_partner", "Partenaire de relais"),
            ("nobody", ""),
        ]
        things = ["Entretien", "Gardiennage", "Électricité", "Pièces de rechange", "Formation continue"]

        def flush():
            self._insert(Plan, plans)
            self._insert(Evidence, evidence)
            self._insert(RecurrentCost, costs)
            self._insert(Risk, risks)
            self._insert(RiskStatusChange, changes)
            self._insert(Check, checks)
            for rows in (plans, costs, evidence, risks, changes, checks):
                rows.clear()

        with Progress("sustainability", len(self.funded)) as bar:
            for project, _funders in self.funded:
                end = project.actual_end or project.planned_end
                ended = project.status in ("completed", "closed")
                ending = project.status in ("approved", "in_implementation") and end and end <= soon
                if ended or ending:
                    plan_id = ids["plan"]
                    kind, name = self.rng.choice(maintainers)
                    plan = plan_row(
                        id=plan_id,
                        project_id=project.id,
                        exit_strategy=f"Reprise par {name} à la fin du soutien ; coûts inscrits au budget.",
                        handover_on=end,
                        maintainer_kind=kind,
                        maintainer_name=name,
                        created_at=at,
                        updated_at=at,
                    )
                    plans.append(plan)
                    ids["plan"] += 1
                    evidence_id = ids["evidence"]
                    evidence.append(
                        evidence_row(
                            id=evidence_id,
                            plan_id=plan_id,
                            title=f"Délibération du conseil n° {plan_id}",
                            kind="council_decision",
                            file=f"sustainability/2026/11/bench-{plan_id}.pdf",
                            content_type="application/pdf",
                            size=120_000,
                            sha256=f"{plan_id:064x}",
                            uploaded_by_id=self.officer_id,
                            uploaded_at=at,
                        )
                    )
                    ids["evidence"] += 1
                    total = covered = Decimal(0)
                    for _ in range(self.rng.randint(2, 4)):
                        payer, detail = self.rng.choice(payers)
                        confirmed = payer != "nobody" and self.rng.random() < 0.75
                        amount = Decimal(self.rng.randrange(5_000, 250_000, 500))
                        total += amount
                        covered += amount if confirmed else 0
                        costs.append(
                            cost_row(
                                id=ids["cost"],
                                plan_id=plan_id,
                                what=self.rng.choice(things),
                                amount_per_year=amount,
                                payer_kind=payer,
                                payer_detail=detail,
                                confirmed=confirmed,
                                evidence_id=evidence_id if confirmed else None,
                            )
                        )
                        ids["cost"] += 1
                    coverage = (100 * covered / total).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
                    if project.status == "closed" and coverage < Decimal(80):
                        plan.waiver_reason = "Le conseil a voté la prise en charge au budget suivant."
                        plan.waived_by_id = self.officer_id
                        plan.waived_at = at
                        plan.waived_coverage = coverage
                    self.ledger.add(
                        at=at,
                        actor_id=self.officer_id,
                        action="sustainability_plan.create",
                        kind="sustainability.plan",
                        object_id=plan_id,
                        after={"maintainer_kind": kind, "handover_on": str(end)},
                        label=f"Plan {project.code}",
                    )
                if ended and end:
                    for months in Check.MONTHS:
                        due = months_after(end, months)
                        row = check_row(id=ids["check"], project_id=project.id, months=months, due_on=due)
                        ids["check"] += 1
                        if due <= TODAY and self.rng.random() < 0.9:
                            working = (
                                "no" if self.rng.random() < 0.125 else self.rng.choice(["yes", "partly"])
                            )
                            row.checked_on = due
                            row.checked_by_id = self.officer_id
                            row.working, row.used, row.maintained = working, "yes", "partly"
                            row.findings = "Visite de suivi : équipement inspecté."
                        checks.append(row)
                for _ in range(self.rng.randint(1, 3)):
                    likelihood, impact = self.rng.randint(1, 5), self.rng.randint(1, 5)
                    past = self.rng.random() < 0.2
                    review = TODAY + datetime.timedelta(
                        days=-self.rng.randint(1, 90) if past else self.rng.randint(1, 180)
                    )
                    closed = self.rng.random() < 0.1
                    risk_id = ids["risk"]
                    risks.append(
                        risk_row(
                            id=risk_id,
                            project_id=project.id,
                            description="Hausse du coût de l'énergie au-delà du budget d'entretien.",
                            category=self.rng.choice(["financial", "institutional", "technical", "social"]),
                            likelihood=likelihood,
                            impact=impact,
                            score=likelihood * impact,
                            mitigation="Inscrire une provision au budget communal.",
                            owner_id=self.officer_id,
                            review_on=review,
                            status="closed" if closed else "open",
                            created_at=at,
                        )
                    )
                    ids["risk"] += 1
                    for old, new, reason in [("", "open", "")] + (
                        [("open", "closed", "Risque levé.")] if closed else []
                    ):
                        changes.append(
                            change_row(
                                id=ids["change"],
                                risk_id=risk_id,
                                old_status=old,
                                new_status=new,
                                changed_by_id=self.officer_id,
                                changed_at=at,
                                reason=reason,
                            )
                        )
                        ids["change"] += 1
                    self.ledger.add(
                        at=at,
                        actor_id=self.officer_id,
                        action="risk.add",
                        kind="sustainability.risk",
                        object_id=risk_id,
                        after={"score": likelihood * impact},
                        label=f"Risk {project.code}",
                    )
                if len(costs) >= BATCH * 5 or len(risks) >= BATCH * 5:
                    flush()
                bar.advance(1)
            flush()

    def _sustainability_tick(self):
        """The early warnings as the application computes them: its daily tick, once, on the day of
        the data (every check already exists, so it only writes warnings). Timed: `tick_seconds`."""
        import time

        from django.db import transaction

        from sharaka.sustainability import tick

        started = time.perf_counter()
        with transaction.atomic():
            done = tick.run(today=TODAY)
        global LAST_TICK_SECONDS
        LAST_TICK_SECONDS = round(time.perf_counter() - started, 2)
        from sharaka.sustainability.models import EarlyWarning

        self.counts["sustainability.earlywarning"] = EarlyWarning.objects.count()
        assert not done.get("checks scheduled"), done

    def _path_to(self, status: str, pipeline) -> list[str]:
        """The statuses a project went through to reach `status`, starting with idea."""
        order = [str(s) for s in pipeline.ORDER]
        if status in order:
            return order[: order.index(status) + 1]
        if status == "rejected":
            return order[:3] + ["rejected"]
        return order[: self.rng.randint(1, 2)] + ["abandoned"]

    def _reset_sequences(self):
        """Explicit ids were written: move PostgreSQL's sequences past them (SQLite needs nothing)."""
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection

        if connection.vendor != "postgresql":
            return
        models_ = [m for m in apps.get_models(include_auto_created=True)]
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), models_):
                cursor.execute(sql)


def _has(app: str) -> bool:
    from django.apps import apps

    return apps.is_installed(f"sharaka.{app}")


def generate(scale: str, seed: int = SEED) -> dict:
    return Generator(scale, seed).run()
