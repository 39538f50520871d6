from timeit import Timer

from flask import json

from tracelight import Sampler

payload = {"items": list(range(100))}
sampler = Sampler()
sampler.start()
print(Timer(lambda: json.dumps(payload)).timeit(number=1000))
sampler.stop()
