"""The 30% rule: which YEF Toolkit ratings qualify. The only place it is decided.

An intervention qualifies when its rating snapshot is high impact, or moderate
impact with high evidence confidence. Both the Python test (`qualifies`) and the
database filter (`qualifying_q`) are built from the same constants, so a page,
the compliance view, the API and the panel report cannot disagree.
"""

from django.db.models import Q


class Impact:
    HARMFUL = "harmful"
    NO_EFFECT = "no_effect"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


# YEF's evidence-quality scale runs 1 to 5; these values count as high confidence.
HIGH_CONFIDENCE_EVIDENCE = frozenset({4, 5})


def qualifies(impact: str | None, evidence_quality: int | None) -> bool:
    if impact == Impact.HIGH:
        return True
    return impact == Impact.MODERATE and evidence_quality in HIGH_CONFIDENCE_EVIDENCE


def qualifying_q(prefix: str = "") -> Q:
    """The same rule as a filter; `prefix` reaches the rating from another model."""
    return Q(**{f"{prefix}impact": Impact.HIGH}) | Q(
        **{f"{prefix}impact": Impact.MODERATE, f"{prefix}evidence_quality__in": sorted(HIGH_CONFIDENCE_EVIDENCE)}
    )
