"""SVD pages: allocations and shares (svd.views.allocations), quarterly returns (svd.views.returns)."""
