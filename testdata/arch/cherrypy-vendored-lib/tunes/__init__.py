"""Tunes keeps a music library up to date."""
from apscheduler.schedulers.background import BackgroundScheduler

SCHED = BackgroundScheduler()
