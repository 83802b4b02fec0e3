from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from sharaka.api import serializers as out
from sharaka.api.views.base import Api
from sharaka.core.roles import CAPABILITIES, can, role_label


class Me(Api):
    """Who the token (or session) speaks for: the role, its label and what it may do."""

    serializer_class = out.MeOut

    @extend_schema(responses=out.MeOut)
    def get(self, request):
        user = request.user
        return Response(
            out.MeOut(
                {
                    "id": user.pk,
                    "username": user.get_username(),
                    "name": user.get_full_name(),
                    "role": user.role,
                    "role_label": role_label(user),
                    "language": user.language or "",
                    "capabilities": sorted(c for c in CAPABILITIES if can(user, c)),
                }
            ).data
        )
