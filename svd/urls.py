"""SVD pages: allocations and shares (svd.views), quarterly returns (svd.returns.views)."""

from django.urls import path

from . import views as allocations
from .returns import chase
from .returns import review_views as return_review
from .returns import views as return_views
from .returns import views_spend as spend_views

app_name = "svd"

allocation_urlpatterns = [
    path("allocations/", allocations.allocation_list, name="allocation_list"),
    path("allocations/add/", allocations.allocation_create, name="allocation_create"),
    path("allocations/<int:pk>/", allocations.allocation_detail, name="allocation_detail"),
    path("allocations/<int:pk>/change/", allocations.allocation_edit, name="allocation_edit"),
    path("allocations/<int:pk>/split/", allocations.allocation_split, name="allocation_split"),
    path("allocations/<int:pk>/recipients/add/", allocations.recipient_add, name="recipient_add"),
    path(
        "allocations/<int:pk>/recipients/<int:recipient_pk>/remove/",
        allocations.recipient_remove,
        name="recipient_remove",
    ),
    path("allocations/<int:pk>/shares/<str:stream>/", allocations.shares_override, name="shares_override"),
    path("shares/", allocations.my_shares, name="my_shares"),
    path("shares/export.<str:fmt>", allocations.share_export, name="share_export"),
]
return_urlpatterns = [
    path("returns/", return_views.return_list, name="return_list"),
    path("returns/reporting-rate/", return_views.reporting_rate, name="reporting_rate"),
    path("returns/spend/", spend_views.spend_to_date, name="spend_to_date"),
    path("returns/open/", return_views.returns_open, name="returns_open"),
    path("returns/<int:pk>/", return_views.return_detail, name="return_detail"),
    path("returns/<int:pk>/history/", return_views.return_history, name="return_history"),
    path("returns/<int:pk>/annex-a/", return_views.annex_a_edit, name="annex_a_edit"),
    path("returns/<int:pk>/annex-b/", return_views.annex_b_edit, name="annex_b_edit"),
    path("returns/<int:pk>/annex-b/activities/", return_views.activity_add, name="activity_add"),
    path(
        "returns/<int:pk>/annex-b/activities/<int:line_pk>/remove/",
        return_views.activity_remove,
        name="activity_remove",
    ),
    path("returns/<int:pk>/check/", return_views.return_check, name="return_check"),
    path("returns/<int:pk>/submitted/", return_views.return_submitted, name="return_submitted"),
    path("returns/<int:pk>/return-for-changes/", return_review.return_send_back, name="return_send_back"),
    path("returns/<int:pk>/approve/", return_review.return_approve, name="return_approve"),
    path("returns/<int:pk>/chase/", chase.return_chase, name="return_chase"),
    path("returns/<int:pk>/reopen/", return_review.return_reopen, name="return_reopen"),
    path("returns/<int:pk>/replies/", return_review.return_reply, name="return_reply"),
    path("returns/<int:pk>/download/", return_views.return_download, name="return_download"),
    path("returns/<int:pk>/upload/", return_views.return_upload, name="return_upload"),
]

urlpatterns = allocation_urlpatterns + return_urlpatterns
