"""A copy of CherryPy, vendored."""
from cherrypy._cptree import Tree

tree = Tree()


def expose(func):
    func.exposed = True
    return func
