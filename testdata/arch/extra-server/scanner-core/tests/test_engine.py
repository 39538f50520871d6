from scanner_core import scan


def test_scan():
    assert scan("AKIAABCDEFGHIJKLMNOP")[0].kind == "aws_key"
