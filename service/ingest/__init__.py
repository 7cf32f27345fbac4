"""News as it arrives: URLs and saved pages (trafilatura), feeds (feedparser), fetched safely."""
