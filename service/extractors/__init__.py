"""Extractors turn an article into a briefing; `registry.get_extractor` picks one by name."""
