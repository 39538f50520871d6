from __future__ import annotations

from pylib._compat import TypeAlias

Value: TypeAlias = "bool | int | float | str"


class ParseError(ValueError):
    """Raised when a configuration string is malformed."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at position {position}")
        self.position = position


def parse_value(raw: str) -> Value:
    lowered = raw.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    for convert in (int, float):
        try:
            return convert(raw)
        except ValueError:
            pass
    return raw.strip()


def parse(text: str, separator: str = ";") -> dict[str, Value]:
    result: dict[str, Value] = {}
    position = 0
    for chunk in text.split(separator):
        if chunk.strip():
            key, sep, raw = chunk.partition("=")
            if not sep or not key.strip():
                raise ParseError("expected key=value", position)
            result[key.strip()] = parse_value(raw)
        position += len(chunk) + len(separator)
    return result
