"""Streamed IATI files: lxml's incremental writer, flushed after each activity, so memory stays flat."""

from django.db.models import Prefetch
from django.utils import timezone
from lxml import etree

from sharaka.portal.iati import elements

VERSION = "2.03"


class _Sink:
    """A file-like object that hands over what lxml has written so far."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data):
        self.parts.append(bytes(data))

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def published_projects():
    """The public projects, with everything the elements read, in stable order."""
    from sharaka.portal.queries import public_transactions
    from sharaka.projects.models import Document, Project

    return (
        Project.objects.public()
        .order_by("code")
        .prefetch_related(
            "participations__organisation",
            "sectors",
            "themes",
            "localities",
            Prefetch(
                "documents",
                queryset=Document.objects.filter(visibility=Document.Visibility.PUBLIC).order_by("id"),
                to_attr="public_documents",
            ),
            Prefetch(
                "finance_transactions",
                queryset=public_transactions()
                .select_related("funder__organisation")
                .order_by("value_date", "id"),
                to_attr="public_transactions",
            ),
        )
    )


def _generated():
    return timezone.now().replace(microsecond=0).isoformat()


def activity_chunks(projects=None, ctx=None, progress=None):
    """Yield the activity file as bytes, one chunk per activity."""
    ctx = ctx or elements.Context.from_settings()
    projects = published_projects() if projects is None else projects
    sink = _Sink()
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-activities", {"version": VERSION, "generated-datetime": _generated()}):
            for project in projects.iterator(chunk_size=200) if hasattr(projects, "iterator") else projects:
                # One activity is built whole (it is small), then written and flushed: the file as a
                # whole never sits in memory. (lxml's xf.element would map xml:lang to a ns0 prefix.)
                activity = etree.Element("iati-activity", elements.activity_attributes(project, ctx))
                for element_of in elements.ACTIVITY:
                    activity.extend(element_of(project, ctx))
                xf.write(activity)
                xf.flush()
                if progress:
                    progress()
                yield sink.take()
    yield sink.take()


def organisation_chunks(ctx=None):
    ctx = ctx or elements.Context.from_settings()
    sink = _Sink()
    with etree.xmlfile(sink, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("iati-organisations", {"version": VERSION, "generated-datetime": _generated()}):
            attributes = {
                "last-updated-datetime": _generated(),
                elements.XML_LANG: "ar",
                "default-currency": "MAD",
            }
            organisation = etree.Element("iati-organisation", attributes)
            for element_of in elements.ORGANISATION:
                organisation.extend(element_of(ctx))
            xf.write(organisation)
    yield sink.take()
