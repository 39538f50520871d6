from pagerkit.paging import PagedFastAPI, paged

__all__ = ["PagedFastAPI", "paged"]
