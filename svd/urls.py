"""SVD pages: allocations and shares (svd.views.allocations), quarterly returns (svd.views.returns)."""
app_name = "svd"

allocation_urlpatterns = []
return_urlpatterns = []

urlpatterns = allocation_urlpatterns + return_urlpatterns
