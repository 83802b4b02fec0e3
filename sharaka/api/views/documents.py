"""A project's documents (concept notes, reports, photos…), as the project page lists, adds and
changes them: private ones for the commune's staff, shared and public ones for whoever reads the
project; the file goes in through the pages' one upload check and comes out as stored."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import Api
from sharaka.api.views.files import FILE, FILE_PARTS, FileAnswer
from sharaka.api.views.forms import (
    form_data,
    json_object,
    on_top,
    with_files,
)
from sharaka.core import uploads
from sharaka.projects import access, services
from sharaka.projects.forms import DocumentEditForm, DocumentForm


class DocumentOut(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = out.choice("kind")
    visibility = out.choice("visibility")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = out.UTC()
    url = serializers.SerializerMethodField()

    def get_url(self, document) -> str:
        return self.context["request"].build_absolute_uri(
            reverse(
                "api:project_document_file", kwargs={"pk": document.project_id, "document_pk": document.pk}
            )
        )


class DocumentIn(serializers.Serializer):
    title = serializers.CharField()
    kind = serializers.CharField(help_text="concept_note, proposal, agreement, report, photo, other…")
    visibility = serializers.CharField(required=False, help_text="private (default), partners or public.")
    file = serializers.FileField()


class DocumentChangeIn(serializers.Serializer):
    title = serializers.CharField(required=False)
    kind = serializers.CharField(required=False)
    visibility = serializers.CharField(required=False)


def _document(user, project, pk: int):
    return get_object_or_404(access.visible_documents(user, project), pk=pk)


class ProjectDocuments(Api):
    """The project's documents the reader may read; POST (multipart/form-data) adds one, as the
    project page's "Add a document" (the unit and the project's manager)."""

    serializer_class = DocumentOut
    parser_classes = FILE_PARTS

    @extend_schema(responses=DocumentOut(many=True))
    def get(self, request, pk: int):
        project = access.get_project_for(request.user, pk)
        documents = access.visible_documents(request.user, project).order_by("-uploaded_at", "-id")
        return Response(DocumentOut(documents, many=True, context={"request": request}).data)

    @extend_schema(request={"multipart/form-data": DocumentIn}, responses={201: DocumentOut})
    def post(self, request, pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        data = with_files(request, DocumentForm).cleaned_data
        document = services.document_upload(
            actor=request.user,
            project=project,
            title=data["title"],
            kind=data["kind"],
            visibility=data["visibility"],
            upload=data["file"],
        )
        return Response(DocumentOut(document, context={"request": request}).data, status=201)


class ProjectDocument(Api):
    """One document; PATCH changes its title, type or who may read it, as the page (the file itself
    never changes: a new version is a new upload)."""

    serializer_class = DocumentOut

    def get(self, request, pk: int, document_pk: int):
        project = access.get_project_for(request.user, pk)
        return Response(
            DocumentOut(_document(request.user, project, document_pk), context={"request": request}).data
        )

    @extend_schema(request=DocumentChangeIn, responses={200: DocumentOut})
    def patch(self, request, pk: int, document_pk: int):
        project = access.get_project_for(request.user, pk, write=True)
        document = _document(request.user, project, document_pk)
        initial = {"title": document.title, "kind": document.kind, "visibility": document.visibility}
        data = on_top(
            lambda data: DocumentEditForm(data, initial=initial), form_data(json_object(request))
        ).cleaned_data
        document = services.document_update(actor=request.user, document=document, **data)
        return Response(DocumentOut(document, context={"request": request}).data)


class ProjectDocumentFile(FileAnswer):
    """The document's file, to whoever may read the document (as an attachment, never sniffed)."""

    @FILE
    def get(self, request, pk: int, document_pk: int):
        project = access.get_project_for(request.user, pk)
        document = _document(request.user, project, document_pk)
        return uploads.serve(document.file, document.content_type)
