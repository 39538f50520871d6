try:
    import ujson as json
except ImportError:
    import json
else:
    from . import fast
finally:
    import gc

for x in []:
    pass
else:
    import not_in_try

try: import a
except: import b

while False:
    try:
        pass
    except* ValueError:
        from ...pkg.mod import thing as other, star_ish
try:
    pass
except Exception:
    pass
else:
    if True:
        from .x import *

def f():
    try:
        import inner
    finally:
        pass
    class K:
        from y import z
