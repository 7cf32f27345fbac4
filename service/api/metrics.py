"""Prometheus metrics, one registry per app so tests and several apps never collide."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

if TYPE_CHECKING:
    from ..ingest.ledger import Ledger

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("briefing_http_requests", "HTTP requests", ["route", "method", "status"],
                                registry=self.registry)
        self.latency = Histogram("briefing_http_request_seconds", "HTTP request latency", ["route"],
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.briefings = Counter("briefing_briefings", "Briefings made, by extractor that answered",
                                 ["extractor"], registry=self.registry)
        self.fallbacks = Counter("briefing_fallbacks", "Model failures answered by the rules",
                                 registry=self.registry)
        self.rejected = Counter("briefing_queue_rejections", "Model jobs refused with 503 (queue full)",
                                registry=self.registry)
        self.tokens_per_s = Histogram("briefing_generation_tokens_per_second", "Model output tokens/s",
                                      buckets=(1, 5, 10, 20, 30, 50, 100, 200, 500), registry=self.registry)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class IngestCollector:
    """Ingestion read from the database at scrape time, so `briefing ingest` runs (another
    process) count as much as the service's own polls: items by state, fetches by outcome."""

    def __init__(self, ledger: "Ledger") -> None:
        self.ledger = ledger

    def collect(self) -> Iterator[Metric]:
        states, outcomes = self.ledger.counts()
        items = GaugeMetricFamily("briefing_ingest_items", "Feed items by state (failed: after "
                                  "its last try)", labels=["state"])
        for state in ("pending", "done", "failed"):
            items.add_metric([state], states.get(state, 0))
        yield items
        fetches = CounterMetricFamily("briefing_ingest_fetches", "Fetch outcomes of feeds and "
                                      "pages (new, unchanged, duplicate, failed)", labels=["kind", "outcome"])
        for (kind, outcome), count in sorted(outcomes.items()):
            fetches.add_metric([kind, outcome], count)
        yield fetches
