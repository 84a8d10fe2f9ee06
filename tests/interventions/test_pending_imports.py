"""A checked import waits in the database and the default storage, not on one web
server's disk: any replica confirms it, once, for the person who checked it, within
a day (interventions/pending_imports.py, docs/decisions/0201)."""

import threading
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection, connections
from django.urls import reverse
from django.utils import timezone

from interventions import pending_imports, tasks
from interventions.models import PendingImport, PendingImportStatus, QuarterlyOutcome
from tests import object_store
from tests.object_store import _keys

s3_server, in_bucket = object_store.s3_server, object_store.in_bucket  # fixtures

HEADER = b"intervention,quarter,young_people,adults,workforce_trained\n"
CSV = HEADER + b"leeds-one,2024/25 Q1,5,1,0\n"


def check(client, csv=CSV) -> PendingImport:
    response = client.post(
        reverse("interventions:import"), {"kind": "outcomes", "file": SimpleUploadedFile("o.csv", csv)}
    )
    assert response.context["report"].ok
    return response.context["pending"]


def confirm(client, token):
    return client.post(reverse("interventions:import"), {"confirm": str(token)}, follow=True)


def test_it_confirms_on_another_replica_from_the_bucket(client_for, register, in_bucket, settings, tmp_path):
    """Two web servers share only PostgreSQL and the bucket: the check lands on one,
    the confirm on the other, in another session, with a MEDIA_ROOT of its own."""
    _, bucket = in_bucket
    first_replica_media = settings.MEDIA_ROOT
    pending = check(client_for("staff"))
    assert _keys(bucket) == [pending.file.name]

    settings.MEDIA_ROOT = tmp_path / "other-replica-media"
    done = confirm(client_for("staff"), pending.pk)

    assert "Imported: 1 new, 0 changed, 0 unchanged." in done.content.decode()
    assert QuarterlyOutcome.objects.get().young_people == 5
    assert _keys(bucket) == []  # the confirmed file is removed from the bucket
    for media in (first_replica_media, settings.MEDIA_ROOT):
        assert not media.exists() or not any(media.rglob("*"))  # never on either server's disk


def test_it_imports_a_confirmed_file_once_however_often_the_button_is_pressed(client_for, register):
    client = client_for("staff")
    pending = check(client)

    confirm(client, pending.pk)
    again = confirm(client, pending.pk)

    assert QuarterlyOutcome.objects.count() == 1
    assert QuarterlyOutcome.history.count() == 1
    page = again.content.decode()
    assert "That file was already imported" in page and "nothing more was imported" in page
    assert not default_storage.exists(pending.file.name)


@pytest.mark.django_db(transaction=True)
def test_it_imports_once_when_two_confirms_arrive_together(users, register):
    """A double-click that reaches two replicas at the same moment: the row lock
    makes one confirm wait, and it then finds the file imported."""
    pending, _ = _checked(users["staff"])
    start = threading.Barrier(2)
    outcomes = []

    def press():
        start.wait()
        try:
            report = pending_imports.pending_import_confirm(
                pending=PendingImport.objects.get(pk=pending.pk), by=users["staff"]
            )
            outcomes.append("imported" if report.saved else "refused")
        except pending_imports.ImportNotPending as refused:
            outcomes.append(str(refused))
        except OperationalError as error:  # SQLite has no row locks: the loser's write is refused instead
            assert connection.vendor == "sqlite" and "locked" in str(error)
            outcomes.append("locked")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert len(outcomes) == 2 and outcomes.count("imported") == 1
    other = next(outcome for outcome in outcomes if outcome != "imported")
    assert "That file was already imported" in other or other == "locked"
    assert QuarterlyOutcome.objects.count() == 1


def _checked(user):
    upload = SimpleUploadedFile("o.csv", CSV)
    report, pending = pending_imports.pending_import_check(kind="outcomes", fmt="csv", upload=upload, by=user)
    assert report.ok
    return pending, report


def test_it_lets_only_the_person_who_checked_a_file_confirm_it(client_for, register):
    owner, teammate = client_for("staff"), client_for("staff2")
    pending = check(owner)

    refused = confirm(teammate, pending.pk)

    assert "That import has expired. Upload the file again." in refused.content.decode()
    assert not QuarterlyOutcome.objects.exists()
    assert client_for("leeds").post(reverse("interventions:import"), {"confirm": str(pending.pk)}).status_code == 403
    assert not QuarterlyOutcome.objects.exists()
    confirm(owner, pending.pk)  # still waiting for its owner
    assert QuarterlyOutcome.objects.count() == 1


def test_it_says_so_when_a_checked_import_has_expired(client_for, register):
    client = client_for("staff")
    pending = check(client)
    PendingImport.objects.filter(pk=pending.pk).update(checked_at=timezone.now() - timedelta(hours=25))

    expired = confirm(client, pending.pk)

    assert "That import has expired: a checked file waits 24 hours. Upload the file again." in expired.content.decode()
    assert not QuarterlyOutcome.objects.exists()


def test_it_says_so_when_the_confirm_button_carries_no_import(client_for, register):
    for token in ("not-a-token", "00000000-0000-0000-0000-000000000000"):
        response = confirm(client_for("staff"), token)
        assert "That import has expired. Upload the file again." in response.content.decode()


def test_it_imports_no_row_when_one_no_longer_passes_at_confirm(client_for, register):
    """Checked, then the register changed before the confirm: every row or none."""
    client = client_for("staff")
    pending = check(client, HEADER + b"leeds-one,2024/25 Q1,5,1,0\nbradford-one,2024/25 Q1,7,2,0\n")
    register["bradford"].delete()

    refused = client.post(reverse("interventions:import"), {"confirm": str(pending.pk)})

    assert {e.row for e in refused.context["report"].errors} == {3}
    assert not QuarterlyOutcome.objects.exists()
    assert PendingImport.objects.get(pk=pending.pk).status == PendingImportStatus.REFUSED
    assert "no longer passed its check" in confirm(client, pending.pk).content.decode()
    assert not QuarterlyOutcome.objects.exists()


def test_it_removes_checked_files_that_were_never_confirmed_after_a_day(users, register):
    abandoned, _ = _checked(users["staff"])
    forgotten, _ = _checked(users["staff"])
    recent, _ = _checked(users["staff"])
    now = timezone.now()
    PendingImport.objects.filter(pk=abandoned.pk).update(checked_at=now - timedelta(hours=25))
    PendingImport.objects.filter(pk=forgotten.pk).update(checked_at=now - timedelta(days=8))

    assert tasks.pending_imports_remove_expired() == 2

    assert not default_storage.exists(abandoned.file.name) and not default_storage.exists(forgotten.file.name)
    assert default_storage.exists(recent.file.name)
    assert PendingImport.objects.get(pk=abandoned.pk).file == ""  # kept a week, to say why a late confirm fails
    assert not PendingImport.objects.filter(pk=forgotten.pk).exists()
    sweep = django_settings.CELERY_BEAT_SCHEDULE["pending-imports-remove-expired"]
    assert sweep["task"] == tasks.pending_imports_remove_expired.name
    assert sweep["schedule"] <= 60 * 60


def test_it_removes_expired_files_when_the_next_file_is_checked(client_for, register, users):
    """Without beat (a development machine) the next check clears them."""
    abandoned, _ = _checked(users["staff"])
    PendingImport.objects.filter(pk=abandoned.pk).update(checked_at=timezone.now() - timedelta(hours=25))

    check(client_for("staff2"))

    assert not default_storage.exists(abandoned.file.name)


def test_it_keeps_a_confirmed_import_when_storage_fails_to_remove_its_file(users, register, monkeypatch):
    """The rows are saved whatever the bucket does afterwards; the file left behind goes at the next sweep."""
    pending, _ = _checked(users["staff"])

    def storage_down(name):
        raise OSError("the bucket is not answering")

    with monkeypatch.context() as patched:
        patched.setattr(default_storage, "delete", storage_down)
        report = pending_imports.pending_import_confirm(pending=pending, by=users["staff"])

    assert report.saved and QuarterlyOutcome.objects.count() == 1
    assert PendingImport.objects.get(pk=pending.pk).status == PendingImportStatus.IMPORTED
    assert default_storage.exists(pending.file.name)
    assert tasks.pending_imports_remove_expired() == 1
    assert not default_storage.exists(pending.file.name)
    assert PendingImport.objects.get(pk=pending.pk).file == ""
