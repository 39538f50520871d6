"""Mounts the web interface on CherryPy and starts its engine."""
import cherrypy

from tunes.webserve import WebInterface


def initialize(options):
    cherrypy.config.update({"server.socket_port": options["http_port"]})
    cherrypy.tree.mount(WebInterface(), "/", config={"/": {"tools.sessions.on": True}})
    cherrypy.engine.start()
    cherrypy.engine.block()
