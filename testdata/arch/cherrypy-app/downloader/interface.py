import cherrypy


class MainPage:
    @cherrypy.expose
    def index(self):
        return "queue"

    @cherrypy.expose
    def api(self, mode="queue"):
        return {"mode": mode}
