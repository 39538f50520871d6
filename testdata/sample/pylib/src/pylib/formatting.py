from typing import Mapping

from pylib._impl import Value

__all__ = ["dump"]


def dump(values: Mapping[str, Value], separator: str = "; ") -> str:
    def render(value: Value) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)

    return separator.join(f"{key}={render(value)}" for key, value in sorted(values.items()))
