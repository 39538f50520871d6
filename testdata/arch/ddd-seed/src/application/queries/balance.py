from infrastructure.persistence.accounts import AccountRepository


def balance(accounts: AccountRepository, account_id: str) -> int:
    return accounts.get(account_id).balance.cents
