"""Files through the API: sent as multipart/form-data beside their fields, served as they are stored
(the pages' one upload check on the way in, `uploads.serve` on the way out)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import parsers

from sharaka.api import serializers as out
from sharaka.api.views.base import Api

# The parsers of a write that carries a file: multipart only (a file has no JSON form).
FILE_PARTS = [parsers.MultiPartParser]
# The parsers of a write whose file is optional: JSON, or multipart with the file.
FIELDS_OR_FILE_PARTS = [parsers.JSONParser, parsers.MultiPartParser]


class FileAnswer(Api):
    """A view answering a stored file: whatever the caller's Accept, the file (or a JSON refusal)."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


# The schema of a file answer: bytes of the stored type (PDF, JPEG…).
FILE = extend_schema(responses={(200, "*/*"): OpenApiTypes.BINARY, 404: out.ErrorOut})
