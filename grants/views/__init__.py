"""Grant pages (grants.views.grants) and match-funding pages (grants.views.contributions)."""
