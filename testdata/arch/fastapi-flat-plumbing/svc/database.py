from sqlalchemy.ext.asyncio import create_async_engine

from svc.config import settings

engine = create_async_engine(settings.database_url)
