"""One exception tree: callers catch `BriefingError`; the message says what to fix."""


class BriefingError(Exception):
    """Base of every error this package raises on purpose."""


class InvalidArticleError(BriefingError):
    """The input is not an article we can brief (empty, not UTF-8, too big, bad JSON)."""


class ExtractionError(BriefingError):
    """An extractor could not produce a valid briefing."""


class ModelError(ExtractionError):
    """The model could not be loaded, raised, timed out or produced invalid output."""


class FetchError(BriefingError):
    """A page or feed could not be fetched: timeout, too big, not HTML, an HTTP error status."""


class UrlRefusedError(FetchError):
    """A URL this service will not fetch: not http(s), or it resolves to an internal address."""
class StorageError(BriefingError):
    """The database cannot store now (read-only, full, unreachable); retrying later may work."""
