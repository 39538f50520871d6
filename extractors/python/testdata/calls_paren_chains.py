# Dotted callees, including parenthesized chains and what is not a call.
import asyncio

x = a.b().c()
y = (a.b)(1) + (
    pkg.mod
).func(2)
z = ((deep))(3)
w = "".join([]) + b"x".decode() + [1][0].real.conjugate()
v = f(g)(h) + items[0].method() + Generic[int]()
print("x"); print ("y")
super().__init__()
await_ = asyncio.create_task(coro())
if (cond)(x):
    pass
return_value = not (callme)()
fn = lambda q: (q.attr)(q)
t = type(x)
m = match(x)
match(y)
s = {1: 2}.get(1)
n = None.__class__()
