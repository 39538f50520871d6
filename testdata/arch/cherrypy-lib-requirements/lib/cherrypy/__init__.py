"""A copy of CherryPy."""
from cherrypy._cptree import Tree

tree = Tree()


def expose(func):
    func.exposed = True
    return func
