import os
if os:
    import sys

def f():
    return os.path.join("a")import lone_crclass A(B):    pass