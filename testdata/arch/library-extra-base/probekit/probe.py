import psutil


class Probe:
    def __init__(self, name: str) -> None:
        self.name = name

    def health(self) -> dict:
        return {"name": self.name, "status": "UP"}

    def metrics(self) -> dict:
        return {"cpu": psutil.cpu_percent(), "memory": psutil.virtual_memory().percent}
