import os; import sys as system; from . import (a,
    b as c)
if os: import cond_import
class K: import in_class; x = 1
def f(): import in_func; return os.path.join("a")
x = 1 \
    + compute(2)
