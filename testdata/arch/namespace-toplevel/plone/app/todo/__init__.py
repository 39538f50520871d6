"""Todo lists for Plone (plone.app.todo: plone and plone.app are namespaces
shared with Plone's own distributions)."""
