from plone.supermodel import model
from zope import schema

from plone.todo import _


class ITodo(model.Schema):
    title = schema.TextLine(title=_("Title"))
    done = schema.Bool(title=_("Done"), default=False)
