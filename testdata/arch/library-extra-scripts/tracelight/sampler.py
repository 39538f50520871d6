import sys
import time


class Sampler:
    def __init__(self, interval: float = 0.001) -> None:
        self.interval = interval
        self.samples: list[tuple[float, str]] = []

    def _tick(self, frame, event, arg):
        self.samples.append((time.perf_counter(), frame.f_code.co_name))

    def start(self) -> None:
        sys.setprofile(self._tick)

    def stop(self) -> list[tuple[float, str]]:
        sys.setprofile(None)
        return self.samples
