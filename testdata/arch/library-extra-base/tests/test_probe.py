from probekit import Probe


def test_health():
    assert Probe("x").health()["status"] == "UP"
