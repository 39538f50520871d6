from fastapi import APIRouter

from src.models.documents import IngestRequest, IngestResult

router = APIRouter()


@router.post("/documents")
async def create(request: IngestRequest) -> IngestResult:
    return IngestResult(id=request.url)
