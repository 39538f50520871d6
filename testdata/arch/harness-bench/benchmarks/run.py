import time

from quickcache import Cache


def main() -> None:
    cache = Cache()
    start = time.perf_counter()
    for i in range(100_000):
        cache.set(str(i), i)
    print(time.perf_counter() - start)


if __name__ == "__main__":
    main()
