import cherrypy

from comics.webserve import WebInterface


def start(options):
    cherrypy.config.update({"server.socket_port": options["http_port"]})
    cherrypy.tree.mount(WebInterface(), "/")
    cherrypy.engine.start()
    cherrypy.engine.block()
