from flask import Flask

from application.api.answer import answer
from application.api.user import user

app = Flask(__name__)
app.register_blueprint(answer)
app.register_blueprint(user)
