"""The pages of the web interface."""
import cherrypy


class WebInterface:
    @cherrypy.expose
    def index(self):
        return "artists"

    @cherrypy.expose
    def artist(self, artist_id):
        return "artist " + artist_id
