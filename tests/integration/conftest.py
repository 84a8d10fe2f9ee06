"""The real-worker tests: the `celery_worker` and `start_celery_worker` fixtures
are in tests/plugins/celery_worker.py (registered in tests/conftest.py, so the
browser tests can start a worker too)."""
