import pytest

from orders.domain.model import Batch


@pytest.fixture
def batch():
    return Batch("batch-001", "SMALL-TABLE", 20)
