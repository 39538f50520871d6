import cherrypy

from plexwatch.webserve import WebInterface


def start(port: int) -> None:
    cherrypy.config.update({"server.socket_port": port})
    cherrypy.tree.mount(WebInterface(), "/", {"/": {"tools.sessions.on": True}})
    cherrypy.engine.start()
    cherrypy.engine.block()
