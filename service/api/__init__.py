"""The HTTP service: an app factory, one router per resource, typed dependencies."""
