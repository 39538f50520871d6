from keeper.core.alerts import list_alerts


def test_lists_alerts():
    assert list_alerts()[0].severity == "critical"
