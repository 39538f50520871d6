from radioapi.models.shows import Show

__all__ = ["Show"]
