"""Demo for the public portal: the funded projects that pass the pre-publication checks are published
through the portal's service, and a few citizens' inquiries arrive, one of them answered in public.

Idempotent: a published project stays published; inquiries are looked up by their message.
"""

import logging

from sharaka.portal import checks, services
from sharaka.portal.models import Inquiry
from sharaka.projects.models import Project
from sharaka.projects.pipeline import FUNDED

ORDER = 30
log = logging.getLogger(__name__)

INQUIRIES = [
    {
        "message": "متى ستنتهي أشغال شبكة الماء في الدوار؟ نحن ننتظر منذ الصيف الماضي.",
        "name": "حسن",
        "language": "ar",
        "answer": "تنتهي الأشغال في نهاية الفصل القادم حسب الجدول المنشور. شكرًا على صبركم.",
    },
    {
        "message": "Est-il possible de visiter le chantier avec les élèves de l'école de Tamraght ?",
        "name": "Khadija",
        "language": "fr",
    },
    {
        "message": "Where can I read the evaluation report of the women's cooperative project?",
        "language": "en",
    },
]


def load(loader):
    officer = loader.users.get("officer") or loader.users.get("admin")
    published = []
    candidates = (
        Project.objects.active()
        .filter(status__in=FUNDED, is_fictional=True)
        .order_by("code")
        .prefetch_related("sectors", "localities", "participations__organisation")
    )
    for project in candidates:
        if project.published_at is not None:
            published.append(project)
            continue
        if checks.problems(project):
            continue
        published.append(services.project_publish(actor=officer, project=project))
        loader.created["projects published on the portal"] += 1
    for spec in INQUIRIES:
        if Inquiry.objects.filter(message=spec["message"]).exists():
            continue
        project = published[0] if (published and "answer" in spec) else None
        inquiry = services.inquiry_submit(
            message=spec["message"], name=spec.get("name", ""), project=project, language=spec["language"]
        )
        loader.created["citizen inquiries"] += 1
        if "answer" in spec and project is not None:
            services.inquiry_answer(
                actor=officer,
                inquiry=inquiry,
                status=Inquiry.Status.ANSWERED,
                answer=spec["answer"],
                publish=True,
            )
