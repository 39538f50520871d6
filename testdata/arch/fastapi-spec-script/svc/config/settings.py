DATABASE = "svc.db"
