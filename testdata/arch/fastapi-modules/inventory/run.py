from fastapi import Depends, FastAPI
from sqlalchemy.orm import Session

from inventory import schemas, service
from inventory.crud import get_session

application = FastAPI()


@application.post("/items", response_model=schemas.Item)
def create_item(item: schemas.ItemIn, session: Session = Depends(get_session)):
    return service.add_item(session, item)
