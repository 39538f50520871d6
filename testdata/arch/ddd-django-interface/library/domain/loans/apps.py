from django.apps import AppConfig


class LoansConfig(AppConfig):
    name = "library.domain.loans"
