from application.app import create_app

app = create_app("production")
