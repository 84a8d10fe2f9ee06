from django.urls import path

from . import views as open_data_views

app_name = "open_data"

urlpatterns = [
    path("", open_data_views.open_data_index, name="index"),
    path("<int:start_year>/360giving.json", open_data_views.open_data_json, name="json"),
    path("<int:start_year>/360giving.xlsx", open_data_views.open_data_xlsx, name="xlsx"),
]
