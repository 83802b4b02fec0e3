"""Load the Aourir demo through the same services the pages use, so that the audit ledger and the
search index are filled as if people had typed it all in.

Idempotent: every object is looked up by its natural key (username, locality French name,
organisation acronym or IATI identifier, project code) and skipped when it exists; the
contacts, timeline, partners, moves and documents of an organisation or project are created only
together with it. A second run therefore creates nothing and writes no audit entry.
"""

import datetime
import io
from collections import Counter
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sharaka.core import audit
from sharaka.core.models import Locality, Theme, User
from sharaka.core.roles import Role, needs_second_factor
from sharaka.demo import parts
from sharaka.demo.data import organisations, people, places, projects, timeline
from sharaka.demo.pdf import minimal_pdf
from sharaka.partners import services as partner_services
from sharaka.partners.models import Organisation, PartnerAccess
from sharaka.projects import pipeline
from sharaka.projects import services as project_services
from sharaka.projects.models import Project

DEMO_REASON = "Aourir demo data (fictional scenario)"
# Who makes each pipeline move when several roles may: the decision makers decide, the unit files.
_PREFERRED = {
    pipeline.Status.APPROVED: ["president", "officer", "admin"],
    pipeline.Status.ABANDONED: ["officer", "president", "admin"],
    pipeline.Status.IN_IMPLEMENTATION: ["officer", "president", "admin"],
}
_DEFAULT_PREFERENCE = ["<manager>", "officer", "president", "admin"]


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


class DemoLoader:
    def __init__(self, *, today: datetime.date | None = None):
        self.today = today or timezone.localdate()
        self.created: Counter = Counter()
        self.users: dict[str, User] = {}
        self.localities: dict[str, Locality] = {}
        self.organisations: dict[str, Organisation] = {}
        self.themes = {(t.kind, t.code): t for t in Theme.objects.all()}
        self.warnings: list[str] = []

    # --- entry point -----------------------------------------------------------------------------

    def load(self) -> Counter:
        with transaction.atomic():
            self.load_users()
            self.load_localities()
            self.load_organisations()
            self.load_partner_access()
            self.load_projects()
            for part in parts.modules():
                part.load(self)
            # The role groups and their admin permissions; each user joins the group of their role.
            call_command("setup_roles", stdout=io.StringIO())
        return self.created

    # --- people ----------------------------------------------------------------------------------

    def load_users(self) -> None:
        existing = {
            u.username: u for u in User.objects.filter(username__in=[p["username"] for p in people.USERS])
        }
        hashed = None
        for spec in people.USERS:
            user = existing.get(spec["username"])
            if user is None:
                hashed = hashed or make_password(people.PASSWORD)  # hash once: same demo password for all
                user = self._user_create(spec, hashed)
            elif not user.gender and spec.get("gender"):
                User.objects.filter(pk=user.pk).update(gender=spec["gender"])  # a demo loaded before genders
                user.gender = spec["gender"]
            if user.role != spec["role"]:
                self.warnings.append(
                    f"user {user.username} already exists with role {user.role}, not {spec['role']}: left as is"
                )
            self.users[spec["username"]] = user
            if needs_second_factor(user) and not TOTPDevice.objects.filter(user=user).exists():
                # The demo's authenticator, with a published key (people.totp_key): demo_logins prints it.
                TOTPDevice.objects.create(
                    user=user, name="authenticator", key=people.totp_key(user.username), confirmed=True
                )

    def _user_create(self, spec: dict, hashed_password: str) -> User:
        user = User(
            username=spec["username"],
            first_name=spec["first_name"],
            last_name=spec["last_name"],
            gender=spec.get("gender", ""),
            email=f"{spec['username'].replace('.', '-')}@example.org",
            role=spec["role"],
            language=spec["language"],
            is_staff=spec.get("is_staff", False),
            is_superuser=spec.get("is_superuser", False),
            password=hashed_password,
        )
        user.save()
        audit.record(
            actor=self.users.get("admin"),
            action="user.create",
            obj=user,
            after={
                k: getattr(user, k)
                for k in (
                    "username",
                    "first_name",
                    "last_name",
                    "gender",
                    "email",
                    "role",
                    "language",
                    "is_staff",
                )
            },
            reason=DEMO_REASON,
        )
        self.created["users"] += 1
        return user

    def load_partner_access(self) -> None:
        for spec in people.USERS:
            acronym = spec.get("partner")
            user = self.users[spec["username"]]
            if (
                not acronym
                or user.role != Role.PARTNER_VIEWER
                or PartnerAccess.objects.filter(user=user).exists()
            ):
                continue
            partner_services.partner_access_grant(
                actor=self.users["admin"], user=user, organisation=self.organisations[acronym]
            )
            self.created["partner accesses"] += 1

    # --- places ----------------------------------------------------------------------------------

    def load_localities(self) -> None:
        existing = {loc.name_fr: loc for loc in Locality.objects.all()}
        for spec in places.LOCALITIES:
            locality = existing.get(spec["name_fr"])
            if locality is None:
                data = {k: v for k, v in spec.items() if k != "parent"}
                locality = Locality(**data, parent=self.localities.get(spec.get("parent")))
                locality.full_clean()
                locality.save()
                audit.record(
                    actor=self.users["admin"],
                    action="locality.create",
                    obj=locality,
                    after=audit.snapshot(locality),
                    reason=DEMO_REASON,
                )
                self.created["localities"] += 1
            self.localities[spec["name_fr"]] = locality

    # --- partners --------------------------------------------------------------------------------

    def load_organisations(self) -> None:
        officer = self.users["officer"]
        for spec in organisations.ORGANISATIONS:
            found = Q(acronym=spec["acronym"])
            if spec["iati_identifier"]:
                found |= Q(iati_identifier=spec["iati_identifier"])
            org = Organisation.objects.filter(found).order_by("pk").first()
            if org is None:
                data = {k: v for k, v in spec.items() if k not in ("focus", "invented")}
                data["is_fictional"] = spec.get("invented", False)
                data["internal_notes"] = organisations.SCENARIO_NOTE
                org = partner_services.organisation_create(
                    actor=officer,
                    data=data,
                    focus_areas=[self.themes["area", code] for code in spec["focus"]],
                )
                self.created["organisations"] += 1
                self.organisations[spec["acronym"]] = org
                self._load_timeline(org, spec["acronym"])
            self.organisations[spec["acronym"]] = org

    def _load_timeline(self, org: Organisation, acronym: str) -> None:
        officer = self.users["officer"]
        contacts = {}
        for i, spec in enumerate(timeline.CONTACTS.get(acronym, [])):
            slug = spec["name"].lower().replace(" ", ".") if spec["name"].isascii() else f"contact{i + 1}"
            data = {**spec, "email": f"{slug}.{acronym.lower()}@example.org", "is_primary": i == 0}
            contacts[spec["name"]] = partner_services.contact_add(actor=officer, organisation=org, data=data)
            self.created["contacts"] += 1

        for spec in (s for s in timeline.INTERACTIONS if s["org"] == acronym):
            actor = self.users[spec["by"]]
            follow_ups = [
                {
                    "description": text,
                    "owner": self.users[owner],
                    "due_date": self.today + datetime.timedelta(days=due),
                }
                for text, owner, due, _done in spec["follow_ups"]
            ]
            interaction = partner_services.interaction_log(
                actor=actor,
                organisation=org,
                data={
                    "kind": spec["kind"],
                    "date": self.today - datetime.timedelta(days=spec["days_ago"]),
                    "subject": spec["subject"],
                    "summary": spec["summary"],
                },
                contacts=[contacts[name] for name in spec["contacts"]],
                follow_ups=follow_ups,
            )
            self.created["interactions"] += 1
            self.created["follow-ups"] += len(follow_ups)
            done = {text for text, _o, _d, is_done in spec["follow_ups"] if is_done}
            for follow_up in interaction.follow_ups.all():
                if follow_up.description in done:
                    partner_services.follow_up_complete(actor=follow_up.owner, follow_up=follow_up)

        if timeline.NEGOTIATION["org"] == acronym:
            for number, spec in enumerate(timeline.NEGOTIATION["rounds"], start=1):
                partner_services.negotiation_round_record(
                    actor=officer,
                    organisation=org,
                    data={
                        "topic": timeline.NEGOTIATION["topic"],
                        "round_number": number,
                        "date": self.today - datetime.timedelta(days=spec["days_ago"]),
                        "our_position": spec["our_position"],
                        "their_position": spec["their_position"],
                        "outcome": spec["outcome"],
                        "minutes": SimpleUploadedFile(
                            f"pv-negociation-{acronym.lower()}-{number}.pdf",
                            minimal_pdf(
                                f"{timeline.NEGOTIATION['topic']} - seance {number}",
                                "Proces-verbal de demonstration : contenu fictif.",
                            ),
                            content_type="application/pdf",
                        ),
                    },
                )
                self.created["negotiation rounds"] += 1

    # --- projects --------------------------------------------------------------------------------

    def load_projects(self) -> None:
        existing = set(
            Project.objects.filter(code__in=[p["code"] for p in projects.PROJECTS]).values_list(
                "code", flat=True
            )
        )
        for spec in projects.PROJECTS:
            if spec["code"] not in existing:
                self._project_create(spec)

    def _project_create(self, spec: dict) -> Project:
        officer = self.users["officer"]
        title_ar, title_fr, title_en = spec["title"]
        summary_ar, summary_fr, summary_en = spec["summary"]
        planned_start, planned_end = spec["planned"]
        actual_start, actual_end = spec.get("actual", (None, None))
        w, y, d, o = spec["beneficiaries"]
        project = project_services.project_create(
            actor=officer,
            data={
                "code": spec["code"],
                "title_ar": title_ar,
                "title_fr": title_fr,
                "title_en": title_en,
                "summary_ar": summary_ar,
                "summary_fr": summary_fr,
                "summary_en": summary_en,
                "pac_reference": spec["pac"],
                "priority": spec["priority"],
                "beneficiaries_women": w,
                "beneficiaries_youth": y,
                "beneficiaries_disabled": d,
                "beneficiaries_other": o,
                "planned_start": _date(planned_start),
                "planned_end": _date(planned_end),
                # Set now so that the pipeline does not stamp them with today's date.
                "actual_start": _date(actual_start),
                "actual_end": _date(actual_end),
                "manager": self.users[spec["manager"]],
                "is_fictional": True,
            },
            themes=[
                *(self.themes["objective", code] for code in spec["objectives"]),
                *(self.themes["area", code] for code in spec["areas"]),
                *(self.themes["sdg", code] for code in spec["sdgs"]),
            ],
            localities=[self.localities[name] for name in spec["localities"]],
            sectors=spec["sectors"],
        )
        self.created["projects"] += 1

        # Partners first without amounts; a funder's commitment is recorded once the project is approved.
        committed = [p for p in spec["partners"] if p[2] is not None]
        for partner in spec["partners"]:
            if partner[2] is None:
                self._partner_add(project, partner)

        path = spec.get("path") or pipeline.ORDER[1 : pipeline.ORDER.index(spec["status"]) + 1]
        for target in path:
            project = self._advance(project, target, spec)
            if target == pipeline.Status.APPROVED:
                for partner in committed:
                    self._partner_add(project, partner)
                committed = []
        assert not committed, f"{spec['code']}: amounts are committed only by approved projects"
        assert project.status == spec["status"], f"{spec['code']} ended at {project.status}"

        for doc in spec.get("documents", []):
            project_services.document_upload(
                actor=self.users[doc["by"]],
                project=project,
                title=doc["title"],
                kind=doc["kind"],
                visibility=doc["visibility"],
                upload=SimpleUploadedFile(
                    doc["filename"],
                    minimal_pdf(
                        f"Commune d'Aourir - {spec['code']}",
                        doc["title"],
                        title_fr,
                        "Document de demonstration : contenu fictif.",
                    ),
                    content_type="application/pdf",
                ),
            )
            self.created["documents"] += 1
        return project

    def _partner_add(self, project: Project, partner: tuple) -> None:
        acronym, role, amount, currency, value_date = partner
        project_services.project_partner_add(
            actor=self.users["officer"],
            project=project,
            data={
                "organisation": self.organisations[acronym],
                "role": role,
                "committed_amount": Decimal(amount) if amount is not None else None,
                "currency": currency,
                "committed_on": _date(value_date),
            },
        )
        self.created["project partners"] += 1

    def _advance(self, project: Project, target: str, spec: dict) -> Project:
        allowed = pipeline.roles_for(project.status, target)
        for key in _PREFERRED.get(target, _DEFAULT_PREFERENCE):
            user = self.users[spec["manager"] if key == "<manager>" else key]
            if user.role not in allowed:
                continue
            if user.role == Role.PROJECT_MANAGER and project.manager_id != user.pk:
                continue
            break
        else:  # pragma: no cover - the data would be wrong
            raise AssertionError(f"{spec['code']}: nobody may move {project.status} → {target}")
        reason = spec.get("reasons", {}).get(target, "")
        for part in parts.modules():  # what a part must set up before a move (a sustainability plan…)
            if hasattr(part, "before_advance"):
                part.before_advance(self, project, target)
        project = project_services.project_advance(actor=user, project=project, to=target, reason=reason)
        self.created["status changes"] += 1
        return project
