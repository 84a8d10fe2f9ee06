"""SVD endpoints under /api/v1/: allocations and shares (svd.api_allocations)."""

from rest_framework.routers import DefaultRouter

from . import api_allocations

router = DefaultRouter()
api_allocations.register(router)
urlpatterns = router.urls
