"""SVD models, split by sub-area: allocations and shares; quarterly returns."""
from .allocations import AllocationStatus, Stream, SvdAllocation, SvdRecipient, SvdShare  # noqa: F401
