from fastapi.responses import HTMLResponse


def playground_page(title: str) -> HTMLResponse:
    return HTMLResponse(f"<html><title>{title}</title></html>")
