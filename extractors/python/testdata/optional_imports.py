# Imports guarded against ImportError (optional) and not.
try:
    import ujson as json
except ImportError:
    import json
else:
    import ujson.extra
finally:
    import gc

try:
    from django.conf import settings
except (AttributeError, ModuleNotFoundError) as exc:
    settings = None

try:
    import yaml
except ValueError:
    yaml = None

try:
    import msgpack
except:
    msgpack = None

try:
    import orjson
except builtins.Exception:
    orjson = None

try:
    import cbor
except ((KeyError, (ImportError)), OSError):
    cbor = None

try: import toml
except KeyError: pass
except ImportError: toml = None

try:
    if True:
        import deep.nested
    class Holder:
        from holder import thing
    def later():
        import not_guarded_in_def
        try:
            import guarded_in_def
        except ImportError:
            pass
except ImportError:
    try:
        import fallback_guarded
    except ImportError:
        import fallback_plain
    else:
        pass

import contextlib
from contextlib import suppress

with contextlib.suppress(ImportError):
    import rich

with suppress(KeyError, ModuleNotFoundError), open("x") as f:
    import colorama

with (open("a") as a, suppress(ImportError) as s):
    from attr import define

with suppress(KeyError):
    import not_suppressed

with suppress(*errors):
    import starred_not_suppressed

with nullcontext(ImportError):
    import not_a_suppress


async def main():
    async with contextlib.suppress(ImportError):
        import in_async_with

try:
    pass
except ImportError:
    pass
import after_try

while False:
    try:
        import inner_loop
    except* ImportError:
        pass
