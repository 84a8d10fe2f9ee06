"""SVD admin, split by sub-area like the models: allocations here, returns beside them."""

from . import admin_allocations  # noqa: F401
from .returns import admin as admin_returns  # noqa: F401
