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


def qualification_reason(impact: str | None, evidence_quality: int | None) -> str:
    """Why the rule gives the answer it does, in a sentence a member of staff can check."""
    if impact is None:
        return "It has no YEF Toolkit rating. Pick a Toolkit approach to rate it."
    evidence = f"evidence {evidence_quality} out of 5" if evidence_quality is not None else "no evidence score"
    if impact == Impact.HIGH:
        return "Its YEF Toolkit rating is high impact."
    if impact == Impact.MODERATE:
        if evidence_quality in HIGH_CONFIDENCE_EVIDENCE:
            return f"Its YEF Toolkit rating is moderate impact with high-confidence evidence ({evidence})."
        wanted = " or ".join(str(n) for n in sorted(HIGH_CONFIDENCE_EVIDENCE))
        return (
            f"Its rating is moderate impact, but with {evidence}: moderate impact needs evidence of {wanted} out of 5."
        )
    named = impact.replace("_", " ")
    return (
        f"Its rating is {named} impact: only high impact, or moderate impact with high-confidence evidence, qualifies."
    )


def qualifying_q(prefix: str = "") -> Q:
    """The same rule as a filter; `prefix` reaches the rating from another model."""
    return Q(**{f"{prefix}impact": Impact.HIGH}) | Q(
        **{f"{prefix}impact": Impact.MODERATE, f"{prefix}evidence_quality__in": sorted(HIGH_CONFIDENCE_EVIDENCE)}
    )
