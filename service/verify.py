"""Check a briefing's trust contract: every span lies in the text and says what the item says."""

from __future__ import annotations

from collections.abc import Iterator

from .schema import Briefing, Span


def item_problems(briefing: Briefing) -> Iterator[tuple[str, list[str]]]:
    """One `(field, problems)` pair per emitted item; an item is grounded when `problems` is empty."""
    text = briefing.article.text
    names = {a.name for a in briefing.who}

    def check(where: str, span: Span, expected: str | None = None) -> list[str]:
        if span.end > len(text):
            return [f"{where}: span {span.start}-{span.end} is past the end of the text"]
        if expected is not None and span.match == "exact" and text[span.start:span.end] != expected:
            return [f"{where}: text[{span.start}:{span.end}] is not {expected!r}"]
        return []

    def known(role: str, actor: str | None) -> list[str]:
        return [] if actor is None or actor in names else [f"{role} {actor!r} is not in who"]

    for actor in briefing.who:
        forms = {actor.name, *actor.aliases}
        problems = [p for span in actor.mentions for p in check(f"who {actor.name}", span)]
        problems += [f"who {actor.name}: mention {text[s.start:s.end]!r} names no known form"
                     for s in actor.mentions if not any(f in text[s.start:s.end] for f in forms)]
        yield "who", problems
    for place in briefing.where:
        yield "where", [p for span in place.mentions for p in check(f"where {place.name}", span)]
    for ref in briefing.when:
        yield "when", [p for span in ref.mentions for p in check(f"when {ref.text}", span)]
    for claim in briefing.claims:
        problems = check("claim", claim.evidence) + known("claim: speaker", claim.speaker)
        if claim.statement not in text:
            problems.append(f"claim: statement is not in the text: {claim.statement[:60]!r}")
        if claim.quote is not None:
            problems += (["claim: quote without a span"] if claim.quote_span is None
                         else check("claim quote", claim.quote_span, claim.quote))
        yield "claims", problems
    for position in briefing.positions:
        problems = [p for span in position.evidence for p in check(f"position {position.holder}", span)]
        yield "positions", (problems + known("position: holder", position.holder)
                            + known("position: target", position.target))


def span_problems(briefing: Briefing) -> list[str]:
    """Every way the briefing's spans fail to back its items (empty when all check out)."""
    return [problem for _, problems in item_problems(briefing) for problem in problems]
