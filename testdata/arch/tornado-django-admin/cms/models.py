import peewee

db = peewee.PostgresqlDatabase("cms")


class Entry(peewee.Model):
    kind = peewee.CharField()
    title = peewee.CharField()
    body = peewee.TextField()

    class Meta:
        database = db
