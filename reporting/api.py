"""Panel reports, read-only: staff see all, panel members and coordinators published ones."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import routers, serializers, viewsets
from rest_framework.reverse import reverse

from partnership import access

from .models import PanelReport


class PanelReportSerializer(serializers.ModelSerializer):
    financial_year = serializers.CharField(source="financial_year.label")
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = PanelReport
        fields = [
            "id",
            "title",
            "meeting_date",
            "financial_year",
            "up_to_quarter",
            "status",
            "version",
            "generated_at",
            "published_at",
            "checksum",
            "figures",
            "pdf_url",
        ]

    def get_pdf_url(self, report) -> str | None:
        if not report.pdf:
            return None
        return reverse("reporting:report_download", args=[report.pk, "pdf"], request=self.context.get("request"))


@extend_schema_view(
    list=extend_schema(
        description="Panel reports you may see, newest meeting first, with the figures each PDF printed."
    ),
    retrieve=extend_schema(description="One panel report; `pdf_url` downloads it through the permission-checked view."),
)
class PanelReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PanelReportSerializer
    ordering_fields = ["meeting_date", "version"]
    filterset_fields = ["status", "financial_year"]

    def get_queryset(self):
        return access.visible(self.request.user, PanelReport.objects.select_related("financial_year")).order_by(
            "-meeting_date", "-version", "-pk"
        )


router = routers.SimpleRouter()
router.register("panel-reports", PanelReportViewSet, basename="panel-report")
urlpatterns = router.urls
