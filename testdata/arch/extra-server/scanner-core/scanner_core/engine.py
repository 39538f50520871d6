import re
from dataclasses import dataclass

PATTERNS = {"aws_key": re.compile(r"AKIA[0-9A-Z]{16}")}


@dataclass
class Finding:
    kind: str
    start: int
    end: int


def scan(text):
    return [Finding(kind, m.start(), m.end()) for kind, p in PATTERNS.items() for m in p.finditer(text)]
