"""Quarterly returns under /api/v1/returns/: read returns, write drafts, and the
submit / approve / return / reopen actions. The same services and access policy
as the pages: a coordinator never reaches another CSP's return (404)."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from partnership import access
from partnership.api_support.concurrency import IF_MATCH, ConditionalUpdateMixin
from partnership.api_support.errors import ApiErrorSerializer, PreconditionFailed

from . import history, services, validation
from .models import AnnexALine, AnnexBLine, Progress, QuarterlyReturn


class StaleWithChanges(PreconditionFailed):
    """412, and what changed since the version the caller read."""

    def __init__(self, changes):
        super().__init__()
        self.changes = changes


class AnnexALineSerializer(serializers.ModelSerializer):
    # Method fields, not source="get_..._display": DRF inspects a callable source's
    # signature for every value it reads (150 times for a page of returns).
    funding_line_label = serializers.SerializerMethodField()
    variance = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="Forecast to year end minus the allocation; null until there is a forecast.",
    )

    class Meta:
        model = AnnexALine
        fields = ["id", "funding_line", "funding_line_label", "allocation"] + validation.ANNEX_A_FIELDS + ["variance"]
        read_only_fields = fields

    def get_funding_line_label(self, obj) -> str:
        return obj.get_funding_line_display()


class AnnexBLineSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    progress = serializers.ChoiceField(
        choices=Progress.choices, allow_blank=True, read_only=True, help_text="Empty until the CSP says."
    )

    class Meta:
        model = AnnexBLine
        fields = ["id", "intervention", "name"] + validation.ANNEX_B_FIELDS
        read_only_fields = fields


class QuarterlyReturnSerializer(serializers.ModelSerializer):
    csp_name = serializers.CharField(source="csp.name", read_only=True)
    quarter_label = serializers.CharField(source="quarter.label", read_only=True)
    due_on = serializers.DateField(source="quarter.due_on", read_only=True)
    status_label = serializers.SerializerMethodField()
    received_on_time = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()
    annex_a = AnnexALineSerializer(source="annex_a_lines", many=True, read_only=True)
    annex_b = AnnexBLineSerializer(source="annex_b_lines", many=True, read_only=True)

    class Meta:
        model = QuarterlyReturn
        fields = [
            "id",
            "csp",
            "csp_name",
            "quarter",
            "quarter_label",
            "due_on",
            "status",
            "status_label",
            "version",
            "first_submitted_at",
            "submitted_at",
            "approved_at",
            "received_on_time",
            "late",
            "reviewer_comments",
            "annex_a",
            "annex_b",
        ]
        read_only_fields = fields

    def get_received_on_time(self, obj) -> bool:
        return obj.received_on_time

    def get_late(self, obj) -> bool:
        """Late as the pages say it (QuarterlyReturn.is_late), on today's date in the partnership's time zone."""
        return obj.is_late(timezone.localdate())

    def get_status_label(self, obj) -> str:
        return obj.get_status_display()


class LineValuesField(serializers.ListField):
    child = serializers.DictField()


class DraftWriteSerializer(serializers.Serializer):
    """The figures to save. Send the return's ETag in If-Match: a save against an
    older version is refused with 412 and changes nothing."""

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
            raise serializers.ValidationError({"id": "Each line needs the id of a line on this return."}) from None
        values[line_id] = {field: row[field] for field in fields if field in row}
    return values


def _error(code_status, code, detail, errors=(), **extra):
    """A response in the project-wide error shape (`ApiError`)."""
    body = {"status": code_status, "code": code, "detail": detail, "errors": list(errors), **extra}
    return Response(body, status=code_status)


def _problems(problems):
    """Each rule a figure breaks, in the error shape, naming the annex and line too."""
    return _error(
        status.HTTP_400_BAD_REQUEST,
        "invalid",
        "Check the fields named in errors.",
        [
            {"field": p.field, "code": "invalid", "message": p.message, "annex": p.annex, "line": p.line_id}
            for p in problems
        ],
    )


def _conflict(error):
    return _error(status.HTTP_409_CONFLICT, "conflict", str(error))


def _tagged_version(header: str, quarterly_return) -> int | None:
    """The version an If-Match header names for this return, if it names one."""
    prefix = f'"{quarterly_return._meta.label_lower}-{quarterly_return.pk}-v'
    for tag in (part.strip().removeprefix("W/") for part in (header or "").split(",")):
        if tag.startswith(prefix) and tag.endswith('"') and tag[len(prefix) : -1].isdigit():
            return int(tag[len(prefix) : -1])
    return None


def _changes(changes):
    return [
        {
            "annex": c.annex,
            "line": c.line,
            "field": c.field,
            "from": str(c.old) if c.old is not None else None,
            "to": str(c.new) if c.new is not None else None,
            **({"by": c.by, "at": c.at} if hasattr(c, "by") else {}),
        }
        for c in changes
    ]


CONFLICT = OpenApiResponse(ApiErrorSerializer, description="The return is not in a state that allows this.")


class QuarterlyReturnViewSet(
    ConditionalUpdateMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Quarterly returns (Annex A and B). Coordinators see their own CSP's; VRP staff see all.

    The ETag of a return is its `version`, the counter the pages use too: the
    services raise it on every change, from a page, an upload or this API. PATCH and
    the actions need `If-Match` (428 without it; 412, changing nothing, if stale)."""

    serializer_class = QuarterlyReturnSerializer
    # Figures are written with PATCH, line by line; a return has no whole
    # representation a client could PUT (its lines and status are the portal's).
    http_method_names = ["get", "patch", "post", "head", "options"]
    filterset_fields = ["status", "csp", "quarter"]
    ordering_fields = ["id", "submitted_at"]

    def get_queryset(self):
        queryset = QuarterlyReturn.objects.select_related("csp", "quarter__financial_year").prefetch_related(
            Prefetch("annex_a_lines", queryset=AnnexALine.objects.order_by("funding_line")),
            Prefetch("annex_b_lines", queryset=AnnexBLine.objects.select_related("intervention").order_by("pk")),
        )
        return access.visible(self.request.user, queryset).order_by("-quarter__starts_on", "csp__name")

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, StaleWithChanges):
            response.data["changes"] = exc.changes
        return response

    def _locked(self, request):
        """The return, found through the access policy (404 for another CSP's),
        locked for this transaction and checked against If-Match."""
        quarterly_return = self.get_object()
        locked = QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)
        try:
            self.check_if_match(request, locked)
        except PreconditionFailed as stale:
            since = _tagged_version(request.headers.get("If-Match"), locked)
            if since is None or since >= locked.version:
                raise
            raise StaleWithChanges(_changes(history.changes_since(locked, since))) from stale
        return locked

    def _answer(self, quarterly_return):
        fresh = self.get_queryset().get(pk=quarterly_return.pk)
        return self.with_etag(Response(self.get_serializer(fresh).data), fresh)

    @extend_schema(
        request=DraftWriteSerializer,
        parameters=[IF_MATCH],
        responses={
            200: QuarterlyReturnSerializer,
            409: OpenApiResponse(
                ApiErrorSerializer, description="The return has been submitted or approved, so it cannot be changed."
            ),
        },
        description="Save figures into a draft. 400 lists each problem (annex, line and field); 412 when the "
        "return changed since the ETag you sent (with what changed); 409 when it is not editable.",
    )
    def partial_update(self, request, pk=None):
        with transaction.atomic():
            quarterly_return = self._locked(request)
            body = DraftWriteSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            try:
                services.return_save(
                    quarterly_return=quarterly_return,
                    version=quarterly_return.version,
                    by=request.user,
                    annex_a=_by_line(body.validated_data.get("annex_a"), validation.ANNEX_A_FIELDS),
                    annex_b=_by_line(body.validated_data.get("annex_b"), validation.ANNEX_B_FIELDS),
                )
            except services.ReturnInvalid as error:
                return _problems(error.problems)
            except services.ReturnNotEditable as error:
                return _conflict(error)
        return self._answer(quarterly_return)

    def _transition(self, service, **kwargs):
        with transaction.atomic():
            quarterly_return = self._locked(self.request)
            try:
                result = service(quarterly_return=quarterly_return, by=self.request.user, **kwargs)
            except services.ReturnInvalid as error:
                return _problems(error.problems)
            except services.WrongState as error:
                return _conflict(error)
        # The service raised the version, so the answer carries a new ETag.
        return self._answer(result)

    @extend_schema(
        request=None,
        parameters=[IF_MATCH],
        responses={200: QuarterlyReturnSerializer, 409: CONFLICT},
        description="Submit the return (coordinator or staff). 400 lists what must be fixed.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._transition(services.return_submit)

    @extend_schema(
        request=None,
        parameters=[IF_MATCH],
        responses={200: QuarterlyReturnSerializer, 409: CONFLICT},
        description="Approve and lock a submitted return (VRP staff).",
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(services.return_approve)

    @extend_schema(
        request=CommentsSerializer,
        parameters=[IF_MATCH],
        responses={200: QuarterlyReturnSerializer, 409: CONFLICT},
        description="Return a submitted return for changes, with comments (VRP staff).",
    )
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        return self._transition(services.return_send_back, comments=str(request.data.get("comments", "")))

    @extend_schema(
        request=ReasonSerializer,
        parameters=[IF_MATCH],
        responses={200: QuarterlyReturnSerializer, 409: CONFLICT},
        description="Reopen an approved return, with a reason (VRP staff).",
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(services.return_reopen, reason=str(request.data.get("reason", "")))


router = SimpleRouter()
router.register("returns", QuarterlyReturnViewSet, basename="quarterly-return")
urlpatterns = router.urls
