import os
@a.b[T](1)
class A(B, c.D[int], metaclass=M):
    def __init__(self, r: Repo, s: "x.Y", *a: int, t: Optional[int]=None): pass
__all__ = ["a", "b"]

