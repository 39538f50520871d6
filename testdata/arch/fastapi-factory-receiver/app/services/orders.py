class OrderService:
    def list(self) -> list[str]:
        return []
