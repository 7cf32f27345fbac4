"""The evidence view: one briefing as an HTML page, the article text with every span marked."""
