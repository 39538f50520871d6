from falcon import App

from pager import api


def get_wsgi_app(config):
    application = App()
    api.init(application, config)
    return application
