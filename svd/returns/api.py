"""Quarterly returns under /api/v1/returns/: read returns, write drafts, and the
submit / approve / return / reopen actions. The same services and access policy
as the pages: a coordinator never reaches another CSP's return (404)."""
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from partnership import access

from ..models import AnnexALine, AnnexBLine, QuarterlyReturn
from . import services, validation


class AnnexALineSerializer(serializers.ModelSerializer):
    funding_line_label = serializers.CharField(source="get_funding_line_display", read_only=True)
    variance = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = AnnexALine
        fields = ["id", "funding_line", "funding_line_label", "allocation"] + validation.ANNEX_A_FIELDS + ["variance"]
        read_only_fields = fields


class AnnexBLineSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = AnnexBLine
        fields = ["id", "intervention", "name"] + validation.ANNEX_B_FIELDS
        read_only_fields = fields


class QuarterlyReturnSerializer(serializers.ModelSerializer):
    csp_name = serializers.CharField(source="csp.name", read_only=True)
    quarter_label = serializers.CharField(source="quarter.label", read_only=True)
    due_on = serializers.DateField(source="quarter.due_on", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    received_on_time = serializers.SerializerMethodField()
    annex_a = AnnexALineSerializer(source="annex_a_lines", many=True, read_only=True)
    annex_b = AnnexBLineSerializer(source="annex_b_lines", many=True, read_only=True)

    class Meta:
        model = QuarterlyReturn
        fields = [
            "id", "csp", "csp_name", "quarter", "quarter_label", "due_on", "status", "status_label", "version",
            "first_submitted_at", "submitted_at", "approved_at", "received_on_time", "reviewer_comments",
            "annex_a", "annex_b",
        ]
        read_only_fields = fields

    def get_received_on_time(self, obj) -> bool:
        return obj.received_on_time


class LineValuesField(serializers.ListField):
    child = serializers.DictField()


class DraftWriteSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version you read: a save against an older one is refused (409).")
    annex_a = LineValuesField(required=False, help_text='[{"id": 1, "spend_this_quarter": "1250.00", ...}]')
    annex_b = LineValuesField(required=False, help_text='[{"id": 7, "young_people": 12, ...}]')


class CommentsSerializer(serializers.Serializer):
    comments = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


def _by_line(rows, fields):
    values = {}
    for row in rows or []:
        try:
            line_id = int(row.get("id"))
        except (TypeError, ValueError):
            raise serializers.ValidationError({"id": "Each line needs the id of a line on this return."})
        values[line_id] = {field: row[field] for field in fields if field in row}
    return values


def _problems(problems):
    return {
        "errors": [
            {"annex": p.annex, "line": p.line_id, "field": p.field, "message": p.message} for p in problems
        ]
    }


def _changes(changes):
    return [
        {"annex": c.annex, "line": c.line, "field": c.field, "from": str(c.old) if c.old is not None else None,
         "to": str(c.new) if c.new is not None else None, **({"by": c.by, "at": c.at} if hasattr(c, "by") else {})}
        for c in changes
    ]


class QuarterlyReturnViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Quarterly returns (Annex A and B). Coordinators see their own CSP's; VRP staff see all."""

    serializer_class = QuarterlyReturnSerializer
    filterset_fields = ["status", "csp", "quarter"]
    ordering_fields = ["id", "submitted_at"]

    def get_queryset(self):
        queryset = QuarterlyReturn.objects.select_related("csp", "quarter__financial_year").prefetch_related(
            Prefetch("annex_a_lines", queryset=AnnexALine.objects.order_by("funding_line")),
            Prefetch("annex_b_lines", queryset=AnnexBLine.objects.select_related("intervention").order_by("pk")),
        )
        return access.visible(self.request.user, queryset).order_by("-quarter__starts_on", "csp__name")

    def _respond(self, quarterly_return, code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=quarterly_return.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    @extend_schema(
        request=DraftWriteSerializer,
        responses=QuarterlyReturnSerializer,
        description="Save figures into a draft. 400 lists each problem; 409 when the return changed "
        "since `version` or is not editable.",
    )
    def partial_update(self, request, pk=None):
        quarterly_return = self.get_object()
        body = DraftWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.return_save(
                quarterly_return=quarterly_return,
                version=body.validated_data["version"],
                by=request.user,
                annex_a=_by_line(body.validated_data.get("annex_a"), validation.ANNEX_A_FIELDS),
                annex_b=_by_line(body.validated_data.get("annex_b"), validation.ANNEX_B_FIELDS),
            )
        except services.ReturnInvalid as error:
            return Response(_problems(error.problems), status=status.HTTP_400_BAD_REQUEST)
        except services.StaleReturn as error:
            return Response(
                {"detail": "Someone else saved this return after the version you sent. Nothing was saved.",
                 "changes": _changes(error.changes)},
                status=status.HTTP_409_CONFLICT,
            )
        except services.ReturnNotEditable as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            return Response({"detail": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        return self._respond(quarterly_return)

    def _transition(self, service, **kwargs):
        quarterly_return = self.get_object()
        try:
            result = service(quarterly_return=quarterly_return, by=self.request.user, **kwargs)
        except services.ReturnInvalid as error:
            return Response(_problems(error.problems), status=status.HTTP_400_BAD_REQUEST)
        except services.WrongState as error:
            return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as error:
            return Response({"detail": error.messages}, status=status.HTTP_400_BAD_REQUEST)
        return self._respond(result)

    @extend_schema(request=None, description="Submit the return (coordinator or staff). 400 lists what must be fixed.")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(services.return_submit)

    @extend_schema(request=None, description="Approve and lock a submitted return (VRP staff).")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(services.return_approve)

    @extend_schema(
        request=CommentsSerializer, description="Return a submitted return for changes, with comments (VRP staff)."
    )
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        return self._transition(services.return_send_back, comments=str(request.data.get("comments", "")))

    @extend_schema(request=ReasonSerializer, description="Reopen an approved return, with a reason (VRP staff).")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(services.return_reopen, reason=str(request.data.get("reason", "")))


router = SimpleRouter()
router.register("returns", QuarterlyReturnViewSet, basename="quarterly-return")
urlpatterns = router.urls
