import pytest

from apps.users.models import User


@pytest.fixture
def customer(db):
    return User.objects.create_user(username="alice", password="secret")
