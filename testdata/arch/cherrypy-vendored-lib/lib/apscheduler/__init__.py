"""A copy of APScheduler, vendored."""
version_info = (3, 6, 3)
