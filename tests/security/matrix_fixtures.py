"""The objects the access matrix's URLs point at (tests/security/test_access_matrix.py)."""

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from grants.models import BudgetLine, EvidenceFile, Grant, GrantDocument, MatchContribution
from partnership.models import Organisation, RoleChange, User
from reporting.models import COVER_SECTIONS, ReportHeading
from svd.models import SvdAllocation, SvdRecipient, SvdShare

from .routes import ADMIN, USERNAMES


class Fixtures:
    """The objects the matrix's URLs point at, from the demo plus a few more."""

    def __init__(self):
        self.users = {role: User.objects.get(username=name) for role, name in USERNAMES.items()}
        self.grant = Grant.objects.order_by("pk").first()
        Group.objects.get_or_create(name="Matrix group")
        self.totp_device = TOTPDevice.objects.create(user=self.users[ADMIN], name="Matrix", confirmed=True)
        StaticDevice.objects.create(user=self.users[ADMIN], name="Matrix backup", confirmed=True)
        # A sign-in and a failed one, so the admin's sign-in records have rows.
        Client().post(reverse("login"), {"username": "nobody", "password": "wrong"})
        self.contribution = MatchContribution.objects.order_by("pk").first()
        self.budget_line = BudgetLine.objects.order_by("pk").first() or BudgetLine.objects.create(
            grant=self.grant, kind=BudgetLine._meta.get_field("kind").choices[0][0], description="Matrix", amount="1.00"
        )
        staff = self.users["staff"]
        self.document = GrantDocument.objects.order_by("pk").first() or GrantDocument.objects.create(
            grant=self.grant,
            title="Offer letter",
            file=ContentFile(b"%PDF-1.7 matrix", name="matrix.pdf"),
            original_name="offer.pdf",
            content_type="application/pdf",
            size=15,
            uploaded_by=staff,
        )
        self.evidence = EvidenceFile.objects.order_by("pk").first() or EvidenceFile.objects.create(
            contribution=self.contribution,
            file=ContentFile(b"%PDF-1.7 matrix", name="matrix.pdf"),
            original_name="receipt.pdf",
            content_type="application/pdf",
            size=15,
            uploaded_by=staff,
        )
        # Every registered admin model has a row, so its change, delete and history pages are tried on a real object.
        ReportHeading.objects.get_or_create(section=COVER_SECTIONS[0][0], defaults={"heading": "Matrix heading"})
        RoleChange.objects.create(user=staff, by=self.users[ADMIN], what="Matrix role change")
        self.allocation = SvdAllocation.objects.filter(shares__recipient__ref="csp-leeds").order_by("pk").first()
        self.recipient = SvdRecipient.objects.filter(allocation=self.allocation).order_by("pk").first()

    def user(self, role):
        return self.users[role]

    @staticmethod
    def intervention(csp):
        """An intervention that covers this CSP's district and no other."""
        from django.db.models import Count

        from interventions.models import Intervention

        return (
            Intervention.objects.annotate(district_count=Count("districts"))
            .filter(district_count=1, districts__organisations__ref=f"csp-{csp}")
            .order_by("pk")
            .first()
        )

    def outcome(self, csp):
        from interventions.models import QuarterlyOutcome

        intervention = self.intervention(csp)
        found = QuarterlyOutcome.objects.filter(intervention=intervention).order_by("pk").first()
        assert found is not None, f"the demo should hold an outcome for {intervention}"
        return found

    @property
    def toolkit_approach(self):
        from interventions.models import ToolkitApproach

        return ToolkitApproach.objects.order_by("pk").first()

    def share(self, csp):
        return SvdShare.objects.filter(allocation=self.allocation, recipient__ref=f"csp-{csp}").order_by("pk").first()

    @staticmethod
    def quarterly_return(csp):
        """The CSP's return still open for filling in (the demo opens Q1 2025/26 for
        every CSP), so the edit pages answer rather than send the user back."""
        from svd.models import QuarterlyReturn
        from svd.returns.models import EDITABLE_STATUSES

        found = (
            QuarterlyReturn.objects.filter(csp__ref=f"csp-{csp}", status__in=EDITABLE_STATUSES)
            .order_by("-quarter__starts_on", "pk")
            .first()
        )
        assert found is not None, f"the demo should hold an open return for {csp}"
        return found

    @staticmethod
    def activity_line(csp):
        """A free-text activity on one of the CSP's open returns (the demo adds one to
        each Q1 2025/26 return; a returns page may since have opened the current
        quarter, whose return lists none)."""
        from svd.models import AnnexBLine
        from svd.returns.models import EDITABLE_STATUSES

        found = (
            AnnexBLine.objects.filter(
                quarterly_return__csp__ref=f"csp-{csp}",
                quarterly_return__status__in=EDITABLE_STATUSES,
                intervention__isnull=True,
            )
            .order_by("-quarterly_return__quarter__starts_on", "pk")
            .first()
        )
        assert found is not None, f"the demo should list a free-text activity on {csp}'s open return"
        return found

    @property
    def financial_year(self):
        return self.quarterly_return("leeds").quarter.financial_year

    @property
    def published_report(self):
        from reporting.models import PanelReport, ReportStatus

        found = PanelReport.objects.filter(status=ReportStatus.PUBLISHED).exclude(pdf="").order_by("pk").first()
        assert found is not None, "the demo should hold a published report with its PDF"
        return found

    @property
    def draft_report(self):
        """A correction of the published report, not yet published, with files of its own."""
        from reporting import services as report_services
        from reporting.models import PanelReport, ReportStatus

        found = PanelReport.objects.exclude(status=ReportStatus.PUBLISHED).order_by("pk").first()
        if found is None:
            found = report_services.report_new_version(report=self.published_report, by=self.users["staff"])
            found.pdf.save("matrix-draft.pdf", ContentFile(b"%PDF-1.7 matrix draft"), save=True)
        return found

    @property
    def api_token(self):
        from partnership import services as partnership_services
        from partnership.models import ApiToken

        found = ApiToken.objects.filter(user=self.users["leeds"]).order_by("pk").first()
        if found is None:
            found, _raw = partnership_services.api_token_create(user=self.users["leeds"], name="Matrix")
        return found

    def csp(self, name):
        return Organisation.objects.get(ref=f"csp-{name}")

    def admin_object(self, model):
        return model._default_manager.order_by("pk").first()
