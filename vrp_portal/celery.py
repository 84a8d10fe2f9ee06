"""The Celery app. Its configuration is read from Django settings (CELERY_*)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vrp_portal.settings.development")

app = Celery("vrp_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks of feature packages inside an app (svd/returns/tasks.py).
app.autodiscover_tasks(["svd.returns"])
