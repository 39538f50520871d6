from fastapi import FastAPI

from pagerkit import PagedFastAPI, paged

app = FastAPI(title="Sample")


@app.get("/items")
@paged(size=20)
def items() -> list:
    return list(range(20))


app = PagedFastAPI(app)
