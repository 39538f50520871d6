import os

SECRET = os.environ.get("DEMO_SECRET", "change-me")
AUDIENCE = "demo"
