from __future__ import annotations

import typing
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    import os.path as osp
elif typing.TYPE_CHECKING:
    from a import b
else:
    from c import d

if typing.TYPE_CHECKING: import e; from f import (g as h, i,)

if not TYPE_CHECKING:
    import j

if TYPE_CHECKING or False:
    import k


class C:
    if TYPE_CHECKING:
        from .models import Model

    def m(self):
        if TYPE_CHECKING:
            from .. import sibling
        import json
        return json
