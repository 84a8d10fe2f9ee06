from django.urls import path

from . import views_compliance

app_name = "reporting"

urlpatterns = [
    path("compliance/", views_compliance.compliance, name="compliance"),
]
