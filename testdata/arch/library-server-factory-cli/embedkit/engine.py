class Engine:
    def __init__(self, model: str):
        self.model = model

    def embed(self, texts):
        return [[float(len(t))] for t in texts]
