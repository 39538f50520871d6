"""The Todo content type: a Dexterity item of Plone's, not of this repository's."""
from plone.dexterity.content import Item
from zope.interface import implementer

from plone.todo.interfaces import ITodo


@implementer(ITodo)
class Todo(Item):
    """A todo item stored in the site."""
