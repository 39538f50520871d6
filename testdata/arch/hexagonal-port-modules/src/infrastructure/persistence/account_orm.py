from sqlalchemy import Column, Integer, MetaData, String, Table

metadata = MetaData()

# the domain's Account stays a plain dataclass: the adapter maps it by hand
accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(320), nullable=False),
)
