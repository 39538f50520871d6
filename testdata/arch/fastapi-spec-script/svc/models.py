from peewee import CharField, Model


class Event(Model):
    label = CharField()
