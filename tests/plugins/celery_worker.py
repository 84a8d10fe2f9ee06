"""A real Celery worker, in its own process, against Redis and the test database.

    def test_it_does_the_work(celery_worker):
        some_task.delay(obj.pk)            # goes through Redis, not in-process
        celery_worker.wait_for(lambda: Obj.objects.get(pk=obj.pk).done)

* `celery_worker` starts one worker (prefork, one child) for the test and stops
  it afterwards. `start_celery_worker(**extra_env)` starts more (for example a
  second worker after killing the first) with extra environment variables.
* The worker reads the same test database (committed data only: these tests use
  `transactional_db`) and the broker `CELERY_BROKER_URL`, or
  redis://127.0.0.1:6379/15 when it is unset. The queue is purged first.
* While a worker fixture is active, `.delay()` in the test process sends to the
  broker instead of running in-process.
* E-mail the worker sends is written as .eml files; `celery_worker.sent_emails()`
  returns them as `email.message.EmailMessage` objects.
* `worker.kill()` SIGKILLs the worker's whole process group (main process and
  pool child), as a crash would; `worker.kill_child()` kills only the pool child
  that runs the task. The worker's log is `worker.log_path`.
* The clock cannot be frozen across processes: pass dates to tasks as arguments,
  or start the worker with an environment variable the code reads.
"""

import email
import email.policy
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from vrp_portal.celery import app as celery_app

DEFAULT_TEST_BROKER = "redis://127.0.0.1:6379/15"


def broker_url():
    return os.environ.get("CELERY_BROKER_URL") or DEFAULT_TEST_BROKER


def _database_url():
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


class WorkerProcess:
    def __init__(self, tmp_path: Path, extra_env: dict):
        self.name = f"test-{uuid.uuid4().hex[:8]}@%h"
        self.email_dir = tmp_path / "mail"
        self.email_dir.mkdir(exist_ok=True)
        self.log_path = tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "vrp_portal.settings.test",
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker_url(),
            "PORTAL_TEST_EMAIL_DIR": str(self.email_dir),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            **{key: str(value) for key, value in extra_env.items()},
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "vrp_portal",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            self.name,
        ]
        self._log = open(self.log_path, "w")  # noqa: SIM115 (the worker writes to it until stop() closes it)
        self.process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self._wait_until_ready()

    def _wait_until_ready(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The Celery worker exited at start:\n{self.log()}")
            if " ready." in self.log():
                return
            time.sleep(0.2)
        raise RuntimeError(f"The Celery worker did not start within {timeout}s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path.exists() else ""

    def wait_for(self, condition, timeout=60, interval=0.2, message="the worker to finish"):
        """Poll `condition()` until it is true; fail with the worker's log otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(interval)
        pytest.fail(f"Timed out after {timeout}s waiting for {message}. Worker log:\n{self.log()}")

    def child_pids(self):
        out = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True).stdout
        return [int(pid) for pid in out.split()]

    def kill_child(self):
        for pid in self.child_pids():
            os.kill(pid, signal.SIGKILL)

    def kill(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()

    def sent_emails(self):
        """Every message the worker's file e-mail backend wrote. One file can hold
        several: Django names a file by the second and the connection's id(), and two
        connections opened in the same second can share an address, so it appends;
        it ends each message with a line of 79 dashes."""
        separator = b"-" * 79 + b"\n"
        return [
            email.message_from_bytes(part, policy=email.policy.default)
            for path in sorted(self.email_dir.glob("*.log"))
            for part in path.read_bytes().split(separator)
            if part.strip()
        ]


@pytest.fixture
def _broker(transactional_db):
    """Send tasks through the broker for this test, with an empty queue."""
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = broker_url()
    celery_app.control.purge()
    yield
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = previous


@pytest.fixture
def start_celery_worker(_broker, tmp_path):
    workers = []

    def start(**extra_env):
        worker = WorkerProcess(tmp_path, extra_env)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture
def celery_worker(start_celery_worker):
    return start_celery_worker()
