app_name = "svd"

urlpatterns = []
