"""Todo items for Plone sites (plone.todo: only this package is the repository's own)."""
from zope.i18nmessageid import MessageFactory

_ = MessageFactory("plone.todo")
