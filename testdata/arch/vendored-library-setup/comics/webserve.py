import cherrypy

from lib.tarlib import tarlib


class WebInterface:
    @cherrypy.expose
    def index(self):
        return "comics"

    @cherrypy.expose
    def archive(self, name):
        return ", ".join(tarlib.TarFile(name).names())
