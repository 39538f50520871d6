from src.application.domain.entity.account import AccountId
from src.application.port.inward.send_money import SendMoneyCommand
from src.application.port.outward.load_account import LoadAccountPort


class SendMoneyService:
    def __init__(self, accounts: LoadAccountPort):
        self.accounts = accounts

    def send(self, command: SendMoneyCommand) -> bool:
        source = self.accounts.load(AccountId(command.source))
        return source.withdraw(command.amount)
