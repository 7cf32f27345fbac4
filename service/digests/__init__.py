"""A day's briefings into one digest: stories, merged actors, positions, conflicting figures, timeline."""
