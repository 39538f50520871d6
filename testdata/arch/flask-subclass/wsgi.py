from portal import create_app

application = create_app()
