"""Check a file, then import it when its checker confirms: the two requests of the
import page, which may reach different web replicas.

The checked file is kept in the default storage (the bucket under
PORTAL_STORAGE=s3, MEDIA_ROOT otherwise) and its state in a PendingImport row, so
any replica can confirm it: docs/decisions/0201. The row is locked while the file
is imported, in the same transaction, so a second press of the button waits and
then finds it imported: a file is imported at most once, and whole or not at all.
"""

import logging
import tempfile
import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import imports
from .models import PendingImport, PendingImportStatus

# A checked file waits this long for its confirm; then the file is removed.
KEPT_FOR = timedelta(hours=24)
# The row (no content: who, when, what kind, what became of it) stays a week, so a
# late confirm can say why it was refused.
RECORD_KEPT_FOR = timedelta(days=7)
EXPIRED = "That import has expired. Upload the file again."
# Files removed per sweep: a check request that sweeps never waits long on storage.
SWEEP_BATCH = 50

logger = logging.getLogger(__name__)


class ImportNotPending(Exception):
    """The import cannot be confirmed; the message says why and what to do."""


def pending_import_check(*, kind: str, fmt: str, upload, by) -> tuple[imports.ImportReport, PendingImport | None]:
    """A dry run of the upload; if every row passes, the file is kept until `by` confirms it."""
    upload.seek(0)
    report = imports.import_file(kind=kind, file=upload.file, fmt=fmt, dry_run=True, by=by)
    if not report.ok:
        return report, None
    # The row first, naming the file, so a file is never stored without a row to clean it up.
    pk = uuid.uuid4()
    pending = PendingImport.objects.create(
        id=pk, checked_by=by, kind=kind, file_format=fmt, file=f"import-uploads/{pk}.{fmt}"
    )
    upload.seek(0)
    stored = pending.file.storage.save(pending.file.name, upload)
    if stored != pending.file.name:
        PendingImport.objects.filter(pk=pk).update(file=stored)
        pending.file.name = stored
    return report, pending


def pending_import_confirm(*, pending: PendingImport, by) -> imports.ImportReport:
    """Import the checked file, whole or not at all, once. Raises ImportNotPending."""
    if pending.checked_by_id != by.pk:
        raise PermissionDenied("Only the person who checked a file can confirm its import.")
    _refuse_unless_waiting(pending, now=timezone.now())
    # The copy is made before the transaction: no slow read from the bucket while the row is locked.
    with tempfile.TemporaryFile() as local:
        try:
            with pending.file.open("rb") as stored:
                for chunk in stored.chunks():
                    local.write(chunk)
        except FileNotFoundError:  # a confirm that raced this one finished, or the sweep ran
            current = PendingImport.objects.filter(pk=pending.pk).first()
            if current is not None:
                _refuse_unless_waiting(current, now=timezone.now())
            raise ImportNotPending(EXPIRED) from None
        local.seek(0)
        with transaction.atomic():
            locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
            if locked is None:
                raise ImportNotPending(EXPIRED)
            _refuse_unless_waiting(locked, now=timezone.now())
            report = imports.import_file(kind=locked.kind, file=local, fmt=locked.file_format, dry_run=False, by=by)
            locked.status = PendingImportStatus.IMPORTED if report.saved else PendingImportStatus.REFUSED
            locked.confirmed_at = timezone.now()
            locked.save(update_fields=["status", "confirmed_at"])
        # Only once the outcome is committed: an import that failed part-way keeps its file to try again.
        # The import stands whatever storage does now; a file left behind goes at the next sweep.
        _remove_file(locked)
    return report


def _remove_file(pending: PendingImport) -> bool:
    try:
        pending.file.storage.delete(pending.file.name)  # a missing file is no error
    except Exception:
        logger.warning("pending import %s: its file could not be removed; the next sweep tries again", pending.pk)
        return False
    PendingImport.objects.filter(pk=pending.pk).update(file="")
    return True


def _refuse_unless_waiting(pending: PendingImport, *, now) -> None:
    if pending.status == PendingImportStatus.IMPORTED:
        when = timezone.localtime(pending.confirmed_at)
        raise ImportNotPending(
            f"That file was already imported, at {when:%H:%M} on {when:%-d %B %Y}: nothing more was imported. "
            "Check the register before uploading it again."
        )
    if pending.status == PendingImportStatus.REFUSED:
        raise ImportNotPending(
            "That file no longer passed its check when it was confirmed, so nothing was imported. "
            "Upload it again to see why."
        )
    if pending.checked_at < now - KEPT_FOR or not pending.file:
        hours = int(KEPT_FOR.total_seconds() // 3600)
        raise ImportNotPending(f"That import has expired: a checked file waits {hours} hours. Upload the file again.")


def pending_imports_remove_expired(*, now=None) -> int:
    """Remove the files of checks that were never confirmed in time, and rows a week
    old. Run by beat every hour and on each check. Returns how many files went."""
    now = now or timezone.now()
    # Files of checks never confirmed in time, and of confirmed ones whose removal failed.
    done_with = Q(checked_at__lt=now - KEPT_FOR) | ~Q(status=PendingImportStatus.CHECKED)
    leftover = PendingImport.objects.filter(done_with).exclude(file="").order_by("checked_at")
    removed = sum(_remove_file(pending) for pending in leftover.only("pk", "file")[:SWEEP_BATCH])
    PendingImport.objects.filter(checked_at__lt=now - RECORD_KEPT_FOR).delete()
    return removed
