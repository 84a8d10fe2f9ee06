"""The pages and API lists the benchmarks measure, by URL name.

A page whose URL name is not installed is reported as missing, not skipped in
silence. `{csp}`, `{return}` and `{core_grant}` are filled from the database being measured.
"""

PAGES = [
    ("minimal view (ceiling)", "/bench/ceiling/", None),
    ("staff home", "home", {}),
    ("compliance view 2024/25", "reporting:compliance", {"query": "year=2024"}),
    ("intervention list, filtered, page 1", "interventions:intervention_list", {"query": "year=2024&stream=core"}),
    ("intervention list, page 50", "interventions:intervention_list", {"query": "page=50"}),
    ("a return page", "svd:return_detail", {"kwargs": "return"}),
    ("a return's value history", "svd:return_history", {"kwargs": "return"}),
    ("audit trail, page 2", "audit", {"query": "page=2"}),
    ("reporting-rate grid", "svd:reporting_rate", {}),
    ("reporting-rate grid 2024/25 to Q3", "svd:reporting_rate", {"query": "year=2024&up_to_quarter=3"}),
    ("outcome rows 2024/25, page 1", "interventions:outcome_list", {"query": "year=2024"}),
    ("match contributions 2024/25, secured", "grants:contribution_list", {"query": "year=2024&status=secured"}),
    ("SVD allocations 2024/25", "svd:allocation_list", {"query": "year=2024"}),
    ("SVD spend to date 2024/25", "svd:spend_to_date", {"query": "year=2024"}),
    ("core grant budget and forecast", "grants:grant_budget", {"kwargs": "core_grant"}),
    ("figures export 2024/25", "/reporting/figures/export.csv?year=2024", None),
    ("open a past quarter's returns", "svd:returns_open", {}),
    ("API: interventions", "/api/v1/interventions/", None),
    ("API: outcomes", "/api/v1/outcomes/", None),
    ("API: grants", "/api/v1/grants/", None),
    ("API: grant budgets", "/api/v1/grant-budgets/", None),
    ("API: returns", "/api/v1/returns/", None),
    ("API: figures 2024/25", "/api/v1/figures/?year=2024", None),
]
