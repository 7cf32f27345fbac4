"""Score any extractor against hand-annotated gold briefings: gold loading, matching, metrics, report."""
