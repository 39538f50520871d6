from plone import api
from Products.Five.browser import BrowserView


class OpenTodos(BrowserView):
    def __call__(self):
        catalog = api.portal.get_tool("portal_catalog")
        return [b.getObject() for b in catalog(portal_type="Todo", done=False)]
