"""The West Yorkshire demo, built once per test session and restored per test.

`load_demo` takes 6 to 24 s (it renders the panel report with WeasyPrint). The
session builds it once, inside a transaction it then rolls back, and keeps:

* every row it added, table by table, as Python values read through the ORM;
* the files it wrote under MEDIA_ROOT (the report's PDF and HTML twin).

A test that asks for the demo gets those rows inserted with plain INSERTs
(each value prepared by its field, as the ORM would, but without `save()`,
signals or `auto_now`, so the rows are exactly the ones `load_demo` wrote) and
the files copied into its MEDIA_ROOT. The inserts run in one transaction, so
the database's deferred foreign-key checks pass whatever the table order, and
they work alike under a test's rolled-back transaction and under
`transactional_db`, where they are committed for a live server or a worker
process to see. The sequences are moved past the restored ids afterwards.

If the rows the demo refers to but did not create (content types, say) are not
the same as when the snapshot was taken, which a flush between transactional
tests could cause, the snapshot is rebuilt rather than restored wrongly.
"""

import io
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

DEMO_PASSWORD = "demo-password-for-tests"


class _Rollback(Exception):
    pass


def _models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]


def _columns(model):
    return list(model._meta.concrete_fields)


def _rows(model):
    fields = _columns(model)
    return {row[0]: row for row in model._base_manager.order_by().values_list("pk", *(f.attname for f in fields))}


@contextmanager
def _demo_password():
    previous = os.environ.get("DEMO_PASSWORD")
    os.environ["DEMO_PASSWORD"] = DEMO_PASSWORD
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("DEMO_PASSWORD", None)
        else:
            os.environ["DEMO_PASSWORD"] = previous


class DemoSnapshot:
    def __init__(self):
        self.media = Path(tempfile.mkdtemp(prefix="vrp-demo-media-"))
        self.added = {}  # model -> list of row tuples (pk first, then the concrete fields)
        self.referenced = {}  # model the demo refers to but did not fill -> its rows then
        self.build()

    def build(self):
        """Run load_demo in a transaction, keep what it added, and roll it back."""
        shutil.rmtree(self.media, ignore_errors=True)
        self.media.mkdir(parents=True)
        models = _models()
        try:
            with transaction.atomic(), override_settings(MEDIA_ROOT=self.media), _demo_password():
                before = {model: _rows(model) for model in models}
                call_command("load_demo", stdout=io.StringIO())
                after = {model: _rows(model) for model in models}
                raise _Rollback
        except _Rollback:
            pass
        self.added = {}
        for model in models:
            changed = [pk for pk, row in before[model].items() if after[model].get(pk) != row]
            if changed:
                raise RuntimeError(
                    f"load_demo changed or deleted {model._meta.label} rows that existed before it "
                    f"({changed[:5]}): a snapshot of added rows cannot reproduce that"
                )
            added = [row for pk, row in after[model].items() if pk not in before[model]]
            if added:
                self.added[model] = added
        self.referenced = {
            target: before[target]
            for model in self.added
            for field in _columns(model)
            if field.is_relation
            and (target := field.related_model._meta.concrete_model) not in self.added
            and before[target]
        }

    def restore(self, media_root):
        """Insert the demo's rows and copy its files into media_root."""
        if any(_rows(model) != rows for model, rows in self.referenced.items()):
            self.build()
        with transaction.atomic(), connection.cursor() as cursor:
            for model, rows in self.added.items():
                fields = _columns(model)
                sql = "INSERT INTO {} ({}) VALUES ({})".format(
                    connection.ops.quote_name(model._meta.db_table),
                    ", ".join(connection.ops.quote_name(f.column) for f in fields),
                    ", ".join(["%s"] * len(fields)),
                )
                cursor.executemany(
                    sql,
                    [
                        [f.get_db_prep_save(value, connection) for f, value in zip(fields, row[1:], strict=True)]
                        for row in rows
                    ],
                )
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.added)):
                cursor.execute(statement)
        shutil.copytree(self.media, media_root, dirs_exist_ok=True)

    def close(self):
        shutil.rmtree(self.media, ignore_errors=True)
