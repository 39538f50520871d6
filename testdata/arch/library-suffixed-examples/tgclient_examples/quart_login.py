from quart import Quart, request

from tgclient import Client

app = Quart(__name__)
client = Client("session", 1, "hash")


@app.route("/", methods=["GET", "POST"])
async def root():
    await client.connect()
    return (await request.form).get("phone", "")
