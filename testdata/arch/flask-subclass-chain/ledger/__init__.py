"""Ledger: an open data catalogue served by a Flask application two subclasses down."""
__version__ = "0.9.1"
