"""Check a briefing's trust contract: every span lies in the text and says what the item says."""

from __future__ import annotations

from .schema import Briefing, Span


def span_problems(briefing: Briefing) -> list[str]:
    """Every way the briefing's spans fail to back its items (empty when all check out)."""
    text = briefing.article.text
    problems: list[str] = []

    def check(where: str, span: Span, expected: str | None = None) -> None:
        if span.end > len(text):
            problems.append(f"{where}: span {span.start}-{span.end} is past the end of the text")
        elif expected is not None and span.match == "exact" and text[span.start:span.end] != expected:
            problems.append(f"{where}: text[{span.start}:{span.end}] is not {expected!r}")

    names = {a.name for a in briefing.who}
    for actor in briefing.who:
        forms = {actor.name, *actor.aliases}
        for span in actor.mentions:
            check(f"who {actor.name}", span)
            if not any(form in text[span.start:span.end] for form in forms):
                problems.append(f"who {actor.name}: mention {text[span.start:span.end]!r} names no known form")
    for place in briefing.where:
        for span in place.mentions:
            check(f"where {place.name}", span)
    for ref in briefing.when:
        for span in ref.mentions:
            check(f"when {ref.text}", span)
    for claim in briefing.claims:
        check("claim", claim.evidence)
        if claim.statement not in text:
            problems.append(f"claim: statement is not in the text: {claim.statement[:60]!r}")
        if claim.quote is not None:
            if claim.quote_span is None:
                problems.append("claim: quote without a span")
            else:
                check("claim quote", claim.quote_span, claim.quote)
        if claim.speaker is not None and claim.speaker not in names:
            problems.append(f"claim: speaker {claim.speaker!r} is not in who")
    for position in briefing.positions:
        for span in position.evidence:
            check(f"position {position.holder}", span)
        for role, actor in (("holder", position.holder), ("target", position.target)):
            if actor is not None and actor not in names:
                problems.append(f"position: {role} {actor!r} is not in who")
    return problems
