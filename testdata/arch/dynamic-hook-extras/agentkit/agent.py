import httpx


class Agent:
    """Sends a prompt to a model endpoint and returns its answer."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint

    def run(self, prompt: str) -> str:
        response = httpx.post(self.endpoint, json={"prompt": prompt})
        response.raise_for_status()
        return response.json()["answer"]

    def to_web(self):
        from agentkit.ui.app import create_app

        return create_app(self)
