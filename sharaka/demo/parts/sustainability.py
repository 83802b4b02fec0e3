"""Demo for sustainability: plans for the projects that are completed, closed or near their end, with
who pays what once the donors leave; post-support checks of the closed projects; a risk register;
then the daily run, so that the dashboard shows its early warnings.

The story (fictional, on real needs of Aourir):
- AOU-2025-001, solar pumping for Tamraght: maintenance paid by user fees through the association of
  water users, the guard by a line of the commune's budget, both confirmed;
- AOU-2025-003, vocational training of young women, ends within six months: trainers' pay has nobody
  yet and the premises' rent is not confirmed, so it is warned;
- AOU-2024-002, rural tracks, closed below the threshold with the president's recorded reason; its
  12-month check found a section cut by the rains (warned);
- AOU-2023-001, solar panels on schools: its 6- and 12-month checks found the panels working, the
  24-month check is overdue (warned);
- a risk of AOU-2025-001 is past its review date (warned).

Plans are written through the services, before the pipeline's move to "completed" (`before_advance`,
called by the loader), since the guard refuses that move without one. Idempotent: a project's plan,
risks (by description) and recorded checks are looked up and skipped when they exist.
"""

import datetime
import io
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sharaka.demo.pdf import minimal_pdf
from sharaka.projects.models import Project
from sharaka.projects.pipeline import Status
from sharaka.sustainability import queries, services, tick
from sharaka.sustainability.models import Check, Plan, RecurrentCost, Risk, SustainabilitySettings

ORDER = 40

P = RecurrentCost.Payer
COMMUNE, ASSOCIATION, OPERATOR, COOPERATIVE = (
    Plan.Maintainer.COMMUNE_SERVICE,
    Plan.Maintainer.ASSOCIATION,
    Plan.Maintainer.OPERATOR,
    Plan.Maintainer.COOPERATIVE,
)

# code: plan, costs (what, MAD a year, payer, detail, confirmed), evidence title, waiver (if closed below)
PLANS = {
    "AOU-2025-001": {
        "exit_strategy": (
            "تتولى جمعية مستعملي الماء بتامراغت تسيير محطة الضخ الشمسي وصيانتها بموجب اتفاقية مع الجماعة، "
            "وتؤدي الجماعة أجرة الحارس من الميزانية. يتم تكوين تقنيين اثنين من الجمعية قبل انتهاء المشروع."
        ),
        "maintainer": (ASSOCIATION, "جمعية مستعملي الماء بتامراغت"),
        "handover": 210,
        "costs": [
            ("صيانة المضخات والألواح الشمسية", "48000", P.USER_FEES, "رسوم الاشتراك الشهرية للأسر", True),
            ("أجرة حارس المحطة", "36000", P.COMMUNE_BUDGET, "الفصل 10.20.30 من ميزانية الجماعة", True),
        ],
        "evidence": ("اتفاقية الصيانة الموقعة مع جمعية مستعملي الماء", "maintenance_agreement"),
    },
    "AOU-2025-003": {
        "exit_strategy": (
            "تواصل التعاونيات النسائية التكوين في الأركان والسياحة داخل دار الشباب، على أن تبحث الجماعة "
            "عن ممول لأجور المكونين بعد انتهاء الدعم."
        ),
        "maintainer": (COOPERATIVE, "تعاونية نساء أورير للأركان"),
        "handover": 90,
        "costs": [
            ("أجور المكونين", "96000", P.NOBODY, "", False),
            ("كراء القاعة والتجهيزات", "24000", P.COMMUNE_BUDGET, "قيد الدراسة في ميزانية 2027", False),
            ("المواد الأولية للورشات", "15000", P.USER_FEES, "مساهمة التعاونية من مبيعاتها", True),
        ],
        "evidence": ("محضر اجتماع مع التعاونية", "other"),
    },
    "AOU-2025-004": {
        "exit_strategy": "تتكفل المصلحة التقنية بالجماعة بصيانة لوحات التشوير وتعويض المتضرر منها.",
        "maintainer": (COMMUNE, "المصلحة التقنية للجماعة"),
        "costs": [("صيانة وتعويض اللوحات", "8000", P.COMMUNE_BUDGET, "الفصل 20.10.40", True)],
        "evidence": ("مقرر المجلس بشأن صيانة التشوير", "council_decision"),
    },
    "AOU-2025-005": {
        "exit_strategy": (
            "تحتفظ وحدة التعاون الدولي بالدلائل والنماذج، ويكوّن الموظفون المكونون زملاءهم الجدد. "
            "لا تترتب عن المشروع تكاليف متكررة."
        ),
        "maintainer": (COMMUNE, "وحدة التعاون الدولي"),
        "costs": [],
    },
    "AOU-2025-006": {
        "exit_strategy": (
            "تؤدي الجماعة فاتورة الكهرباء من ميزانيتها (وقد انخفضت بفضل المصابيح الاقتصادية)، "
            "ويتولى متعهد الإنارة العمومية الصيانة في إطار صفقته."
        ),
        "maintainer": (OPERATOR, "متعهد الإنارة العمومية"),
        "costs": [
            ("استهلاك الكهرباء", "180000", P.COMMUNE_BUDGET, "الفصل 10.10.20 (الكهرباء)", True),
            ("تعويض المصابيح المعطلة", "25000", P.NOBODY, "", False),
        ],
        "evidence": ("مقرر المجلس بشأن ميزانية الإنارة", "council_decision"),
    },
    "AOU-2024-002": {
        "exit_strategy": (
            "تتكفل الجماعة بصيانة المسالك القروية بعد كل موسم أمطار بآلياتها، في انتظار مساهمة "
            "المبادرة الوطنية للتنمية البشرية في إعادة تهيئة المقاطع المتضررة."
        ),
        "maintainer": (COMMUNE, "مصلحة الأشغال بالجماعة"),
        "costs": [
            ("الصيانة الدورية بآليات الجماعة", "60000", P.COMMUNE_BUDGET, "الفصل 30.20.10", True),
            (
                "إعادة تهيئة المقاطع المتضررة",
                "40000",
                P.NATIONAL_PROGRAMME,
                "المبادرة الوطنية للتنمية البشرية",
                False,
            ),
        ],
        "evidence": ("مقرر المجلس بشأن صيانة المسالك", "council_decision"),
        "waiver": (
            "المشروع منجز والمسالك مستعملة؛ طلب مساهمة المبادرة الوطنية مودع لدى العمالة، "
            "ولا يجوز إبقاء المشروع مفتوحًا في انتظار جوابها."
        ),
    },
    "AOU-2023-001": {
        "exit_strategy": "تتولى المديرية الإقليمية للتعليم والجماعة صيانة الألواح الشمسية بالمدارس والمركز الصحي.",
        "maintainer": (COMMUNE, "مصلحة الصيانة بالجماعة"),
        "costs": [
            ("تنظيف الألواح وصيانتها", "30000", P.COMMUNE_BUDGET, "الفصل 10.30.10", True),
            (
                "احتياطي تعويض المموجات",
                "12000",
                P.NATIONAL_PROGRAMME,
                "برنامج المديرية الإقليمية للتعليم",
                True,
            ),
        ],
        "evidence": ("اتفاقية الصيانة مع المديرية الإقليمية للتعليم", "maintenance_agreement"),
    },
    "AOU-2024-003": {
        "exit_strategy": "أُدمجت وحدة التعاون الدولي في الهيكل التنظيمي للجماعة وتؤدى أجور موظفيها من الميزانية.",
        "maintainer": (COMMUNE, "وحدة التعاون الدولي"),
        "costs": [("أجور موظفي الوحدة", "240000", P.COMMUNE_BUDGET, "الفصل 10.10.10 (الموظفون)", True)],
        "evidence": ("مقرر المجلس بإحداث الوحدة", "council_decision"),
    },
    "AOU-2025-007": {
        "exit_strategy": "تواصل جمعية الهلال الأحمر المحلية التداريب في الأحياء بدعم من الوقاية المدنية.",
        "maintainer": (ASSOCIATION, "فرع الهلال الأحمر بأورير"),
        "costs": [("تجديد حقائب الإسعافات", "12000", P.COMMUNE_BUDGET, "منحة الجمعيات، الفصل 40.10", True)],
        "evidence": ("اتفاقية شراكة مع فرع الهلال الأحمر", "maintenance_agreement"),
    },
    "AOU-2026-003": {
        "exit_strategy": "تدمج مصلحة النظافة بالجماعة حملات الفرز في برنامجها السنوي.",
        "maintainer": (COMMUNE, "مصلحة النظافة"),
        "costs": [("حاويات الفرز وتجديدها", "20000", P.COMMUNE_BUDGET, "الفصل 20.40.10", True)],
        "evidence": ("مقرر المجلس بشأن برنامج النظافة", "council_decision"),
    },
}

# code: [(months, days after due when recorded, working, used, maintained, findings)]
CHECKS = {
    "AOU-2023-001": [
        (
            6,
            12,
            "yes",
            "yes",
            "yes",
            "الألواح تعمل في المدارس الثلاث والمركز الصحي، والعدادات تبين إنتاجًا منتظمًا.",
        ),
        (12, 20, "yes", "yes", "partly", "الألواح تعمل؛ التنظيف متأخر في مدرسة تامراغت بسبب الغبار."),
    ],
    "AOU-2024-003": [
        (6, 3, "yes", "yes", "yes", "الوحدة تشتغل بثلاثة موظفين، وسجل الشركاء محين."),
        (12, 7, "yes", "yes", "yes", "الوحدة أعدت ثلاثة ملفات تمويل خلال السنة."),
    ],
    "AOU-2025-004": [(6, 10, "yes", "yes", "partly", "اللوحات في مكانها؛ لوحتان بهتت ألوانهما في أسرسيف.")],
    "AOU-2025-005": [(6, 4, "yes", "yes", "yes", "الموظفون المكونون أعدوا مقترحين بأنفسهم.")],
    "AOU-2024-002": [
        (6, 9, "yes", "yes", "yes", "المسالك سالكة والنقل المدرسي يستعملها يوميًا."),
        (
            12,
            5,
            "no",
            "partly",
            "no",
            "مقطع من مسلك إيمي ميقي جرفته أمطار أكتوبر والقناة مسدودة: المسلك مقطوع أمام السيارات.",
        ),
    ],
}

# code: (description, category, likelihood, impact, mitigation, owner, days from today to review)
RISKS = {
    "AOU-2025-001": [
        (
            "انخفاض منسوب الفرشة المائية في سنوات الجفاف",
            Risk.Category.ENVIRONMENTAL,
            3,
            5,
            "تتبع مستوى البئر شهريًا، وتحديد حصص الاستهلاك في الصيف مع الجمعية.",
            "manager",
            -20,
        ),
        (
            "تأخر الأسر في أداء رسوم الاشتراك",
            Risk.Category.FINANCIAL,
            3,
            3,
            "تحصيل شهري من طرف الجمعية، وصندوق احتياطي لثلاثة أشهر.",
            "manager",
            45,
        ),
    ],
    "AOU-2025-003": [
        (
            "عدم إيجاد ممول لأجور المكونين بعد انتهاء الدعم",
            Risk.Category.FINANCIAL,
            4,
            4,
            "عرض المشروع على المبادرة الوطنية للتنمية البشرية ومجلس الجهة قبل فبراير.",
            "officer",
            30,
        ),
    ],
    "AOU-2024-002": [
        (
            "أمطار غزيرة تتلف مقاطع من المسالك",
            Risk.Category.ENVIRONMENTAL,
            4,
            4,
            "قنوات لتصريف المياه وتدخل سريع بآليات الجماعة بعد كل عاصفة.",
            "manager2",
            60,
        ),
    ],
    "AOU-2025-006": [
        (
            "ارتفاع ثمن الكهرباء",
            Risk.Category.FINANCIAL,
            2,
            3,
            "برمجة الإنارة حسب الساعات وخفض الشدة بعد منتصف الليل.",
            "officer",
            120,
        ),
    ],
}


def _actor(loader, project):
    return project.manager or loader.users["officer"]


def _write_plan(loader, project) -> Plan | None:
    spec = PLANS.get(project.code)
    if spec is None:
        return None
    plan = Plan.objects.filter(project=project).first()
    if plan is not None:
        return plan
    actor = _actor(loader, project)
    kind, name = spec["maintainer"]
    handover = queries.project_end(project)
    if handover and spec.get("handover"):
        handover = loader.today + datetime.timedelta(days=spec["handover"])
    plan = services.plan_save(
        actor=actor,
        project=project,
        data={
            "exit_strategy": spec["exit_strategy"],
            "maintainer_kind": kind,
            "maintainer_name": name,
            "handover_on": handover,
            "no_recurrent_cost": not spec["costs"],
        },
    )
    evidence = None
    if "evidence" in spec:
        title, evidence_kind = spec["evidence"]
        evidence = services.evidence_upload(
            actor=actor,
            plan=plan,
            title=title,
            kind=evidence_kind,
            upload=SimpleUploadedFile(
                f"{project.code.lower()}-{evidence_kind}.pdf",
                minimal_pdf(
                    f"Commune d'Aourir - {project.code}", "Document de demonstration : contenu fictif."
                ),
                content_type="application/pdf",
            ),
        )
    for what, amount, payer, detail, confirmed in spec["costs"]:
        services.cost_save(
            actor=actor,
            plan=plan,
            data={
                "what": what,
                "amount_per_year": Decimal(amount),
                "payer_kind": payer,
                "payer_detail": detail,
                "confirmed": confirmed,
                "evidence": evidence if confirmed else None,
            },
        )
    loader.created["sustainability plans"] += 1
    loader.created["recurrent costs"] += len(spec["costs"])
    return plan


def before_advance(loader, project, target) -> None:
    """Called by the loader before each move: a plan before "completed"; the president's reason
    before "closed" when the coverage is below the unit's threshold."""
    if target == Status.COMPLETED:
        _write_plan(loader, project)
    elif target == Status.CLOSED:
        plan = _write_plan(loader, project)
        reason = PLANS.get(project.code, {}).get("waiver")
        if plan is not None and reason and plan.waived_at is None:
            if queries.coverage(plan) < SustainabilitySettings.current().coverage_threshold:
                services.plan_waive(actor=loader.users["president"], plan=plan, reason=reason)
                loader.created["closures below the threshold, reasoned by the president"] += 1


def _photo(code: str, months: int) -> SimpleUploadedFile:
    """A JPEG as a phone would send it: large, with a GPS position in its EXIF (stripped on upload)."""
    image = Image.new("RGB", (2400, 1600), (196, 164, 112))
    for x in range(0, 2400, 160):  # a few bands, so that it looks like something
        image.paste((90, 120 + x % 80, 160), (x, 900, x + 80, 1600))
    exif = Image.Exif()
    exif[0x0110] = "Demo phone"  # camera model
    exif[0x8825] = {1: "N", 2: (30.0, 29.0, 10.0), 3: "W", 4: (9.0, 38.0, 20.0)}  # GPS: Aourir
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, exif=exif)
    return SimpleUploadedFile(f"{code.lower()}-{months}.jpg", out.getvalue(), content_type="image/jpeg")


def _record_checks(loader) -> None:
    for code, visits in CHECKS.items():
        project = Project.objects.filter(code=code).first()
        if project is None:
            continue
        services.checks_schedule(project=project, actor=loader.users["officer"])
        for months, delay, working, used, maintained, findings in visits:
            check = Check.objects.filter(project=project, months=months).first()
            if check is None or check.done:
                continue
            services.check_record(
                actor=_actor(loader, project),
                check=check,
                data={
                    "checked_on": min(check.due_on + datetime.timedelta(days=delay), loader.today),
                    "working": working,
                    "used": used,
                    "maintained": maintained,
                    "findings": findings,
                },
                photo=_photo(code, months),
            )
            loader.created["post-support checks recorded"] += 1


def _load_risks(loader) -> None:
    for code, risks in RISKS.items():
        project = Project.objects.filter(code=code).first()
        if project is None:
            continue
        known = set(project.risks.values_list("description", flat=True))
        for description, category, likelihood, impact, mitigation, owner, days in risks:
            if description in known:
                continue
            services.risk_save(
                actor=_actor(loader, project),
                project=project,
                data={
                    "description": description,
                    "category": category,
                    "likelihood": likelihood,
                    "impact": impact,
                    "mitigation": mitigation,
                    "owner": loader.users[owner],
                    "review_on": loader.today + datetime.timedelta(days=days),
                },
            )
            loader.created["risks"] += 1


def load(loader) -> None:
    for code in PLANS:  # the projects still running get their plan too
        project = Project.objects.filter(
            code=code, status__in=[Status.APPROVED, Status.IN_IMPLEMENTATION]
        ).first()
        if project is not None:
            _write_plan(loader, project)
    _record_checks(loader)
    _load_risks(loader)
    tick.run(today=loader.today)
