from redis import Redis
from rq import Worker

from blog.config import Config

if __name__ == "__main__":
    Worker(["emails"], connection=Redis.from_url(Config.REDIS_URL)).work()
