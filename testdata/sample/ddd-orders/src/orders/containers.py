from dependency_injector import containers, providers
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from orders.adapters.event_publisher import RabbitMQPublisher
from orders.service_layer.services import AllocationService
from orders.service_layer.unit_of_work import SqlAlchemyUnitOfWork


class Container(containers.DeclarativeContainer):
    wiring_config = containers.WiringConfiguration(modules=["orders.entrypoints.api"])

    config = providers.Configuration()
    engine = providers.Singleton(create_engine, config.database_url)
    session_factory = providers.Singleton(sessionmaker, bind=engine)
    uow = providers.Factory(SqlAlchemyUnitOfWork, session_factory=session_factory)
    publisher = providers.Singleton(RabbitMQPublisher, amqp_url=config.amqp_url)
    allocation_service = providers.Factory(AllocationService, uow=uow, publisher=publisher)
