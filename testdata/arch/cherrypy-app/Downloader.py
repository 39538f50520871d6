"""Starts the downloader's CherryPy web interface."""
import cherrypy

from downloader.interface import MainPage


def main():
    config = {"/": {"tools.encode.on": True}}
    cherrypy.config.update({"server.socket_port": 8080})
    cherrypy.tree.mount(MainPage(), "/", config=config)
    cherrypy.engine.start()
    cherrypy.engine.block()


if __name__ == "__main__":
    main()
