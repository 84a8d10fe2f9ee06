"""SVD pages: allocations and shares (svd.views.allocations), quarterly returns (svd.views.returns)."""
from django.urls import path

from .views import allocations

app_name = "svd"

allocation_urlpatterns = [
    path("allocations/", allocations.allocation_list, name="allocation_list"),
    path("allocations/add/", allocations.allocation_create, name="allocation_create"),
    path("allocations/<int:pk>/", allocations.allocation_detail, name="allocation_detail"),
    path("allocations/<int:pk>/change/", allocations.allocation_edit, name="allocation_edit"),
    path("allocations/<int:pk>/split/", allocations.allocation_split, name="allocation_split"),
    path("allocations/<int:pk>/recipients/add/", allocations.recipient_add, name="recipient_add"),
    path("allocations/<int:pk>/recipients/<int:recipient_pk>/remove/", allocations.recipient_remove, name="recipient_remove"),
    path("allocations/<int:pk>/shares/<str:stream>/", allocations.shares_override, name="shares_override"),
    path("shares/", allocations.my_shares, name="my_shares"),
    path("shares/export.<str:fmt>", allocations.share_export, name="share_export"),
]
return_urlpatterns = []

urlpatterns = allocation_urlpatterns + return_urlpatterns
