from typing import Callable, Dict


class App:
    def __init__(self) -> None:
        self.listeners: Dict[str, Callable[[dict], dict]] = {}

    def event(self, name: str) -> Callable[[Callable[[dict], dict]], Callable[[dict], dict]]:
        def register(func: Callable[[dict], dict]) -> Callable[[dict], dict]:
            self.listeners[name] = func
            return func

        return register

    def dispatch(self, body: dict) -> dict:
        listener = self.listeners.get(body.get("type", ""))
        return listener(body) if listener else {"ok": False}
