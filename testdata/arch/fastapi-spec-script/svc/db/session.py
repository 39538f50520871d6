from peewee import SqliteDatabase

from svc.config.settings import DATABASE

db = SqliteDatabase(DATABASE)
