"""django-import-export resources for the register: interventions and quarterly outcomes.

What the library does not do by default, and these resources do (issue #4):
* validation errors roll the whole import back: callers pass
  `rollback_on_validation_errors=True` (see `imports.import_run` and the admin);
* `clean_model_instances = True`, so the models' validators run (no negative
  counts, money to the penny);
* every export is written by the one spreadsheet writer
  (`partnership.spreadsheets.writing`), on the pages and in the admin alike;
* rows match on natural keys (intervention reference; reference + quarter), so
  importing the same file twice changes nothing the second time.

Outcomes are imported in bulk mode with `skip_diff` and `force_init_instance`.
`force_init_instance` alone would make every row new and a re-import would
collide with the rows already held, so `get_or_init_instance` is replaced by a
lookup in an index of the existing outcomes loaded once before the first row:
no query per row, and existing rows are still matched. Foreign keys are read
through widgets that load their table once (`CachedForeignKeyWidget`).
"""

from .outcomes import QuarterlyOutcomeResource
from .register import InterventionFundingResource, InterventionResource, ToolkitApproachResource
from .widgets import parse_quarter, quarter_code

__all__ = [
    "InterventionFundingResource",
    "InterventionResource",
    "QuarterlyOutcomeResource",
    "ToolkitApproachResource",
    "parse_quarter",
    "quarter_code",
]
