from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "library.domain.members"
