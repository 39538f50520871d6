from common.settings import env


def test_default():
    assert env("NOPE_NOT_SET", "x") == "x"
