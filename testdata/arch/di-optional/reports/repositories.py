from sqlalchemy import select


class ReportRepository:
    def latest(self, session):
        return session.execute(select(1)).scalar()
