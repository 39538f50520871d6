from fastapi import FastAPI

from pagerkit import PagedFastAPI


def test_sizes_route():
    app = PagedFastAPI(FastAPI())
    assert any(getattr(r, "path", "") == "/paged/sizes" for r in app.routes)
