from tinyweb import App


def test_route_matches():
    app = App()

    @app.route("/hello/(?P<name>[a-z]+)")
    def hello(request, name):
        return "hello " + name

    assert app.routes
