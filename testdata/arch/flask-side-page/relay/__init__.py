"""relay: a message relay with a Tornado web UI and a small Flask onboarding page."""
