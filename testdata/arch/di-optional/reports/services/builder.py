"""What the builder receives is only visible through Optional and | None."""
from typing import Optional

from reports.clock import Clock
from reports.repositories import ReportRepository


class ReportBuilder:
    def __init__(self, repo: Optional[ReportRepository] = None, clock: type[Clock] | None = None) -> None:
        self.repo = repo or ReportRepository()
        self.clock = clock or Clock
