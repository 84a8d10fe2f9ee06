"""SVD models, split by sub-area: allocations and shares; quarterly returns."""

from .allocations import AllocationStatus, Stream, SvdAllocation, SvdRecipient, SvdShare  # noqa: F401
from .returns import (  # noqa: F401
    AWAITING_REVIEW_STATUSES,
    EDITABLE_STATUSES,
    RECEIVED_STATUSES,
    AnnexALine,
    AnnexBLine,
    FundingLine,
    Progress,
    QuarterlyReturn,
    ReminderKind,
    ReturnsOpening,
    ReturnStatus,
    ReturnTransition,
    SentReminder,
)
