from flask import Flask

from billing.application.issue_invoice import IssuingInvoice
from billing_infrastructure.repositories import SqlInvoiceRepository

app = Flask(__name__)


@app.post("/invoices/<number>")
def issue(number: str):
    IssuingInvoice(SqlInvoiceRepository(None))(number, 0)
    return "", 201
