from zope import schema
from zope.interface import Interface


class ITodoSettings(Interface):
    reminder_days = schema.Int(title="Days before a reminder", default=3)
