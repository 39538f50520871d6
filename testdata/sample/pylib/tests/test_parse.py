import pytest

from pylib import ParseError, dump, parse


def test_roundtrip():
    assert dump(parse("b=2; a=true")) == "a=true; b=2"


def test_error():
    with pytest.raises(ParseError):
        parse("novalue")
