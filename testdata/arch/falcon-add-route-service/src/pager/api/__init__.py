def init(application, config):
    from . import teams, team

    application.add_route("/api/v0/teams", teams)
    application.add_route("/api/v0/teams/{team}", team)
