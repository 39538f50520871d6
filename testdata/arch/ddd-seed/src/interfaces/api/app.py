from flask import Flask, jsonify, request

from application.commands.deposit import Deposit, DepositHandler
from application.queries.balance import balance
from infrastructure.persistence.accounts import AccountRepository

app = Flask(__name__)
accounts = AccountRepository()


@app.post("/accounts/<account_id>/deposits")
def deposit(account_id):
    DepositHandler(accounts).handle(Deposit(account_id, int(request.json["cents"])))
    return jsonify(balance=balance(accounts, account_id))
