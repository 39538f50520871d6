import bleach
import cherrypy
from mako.template import Template

PAGE = Template("<h1>${title}</h1><p>${body}</p>")


class WebInterface:
    @cherrypy.expose
    def index(self) -> str:
        return PAGE.render(title="PlexWatch", body="Now playing")

    @cherrypy.expose
    def comment(self, text: str = "") -> str:
        return PAGE.render(title="Comment", body=bleach.clean(text))
