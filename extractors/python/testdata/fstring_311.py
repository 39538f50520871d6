# f-strings valid in Python 3.11: calls inside replacement fields and
# format specs, nested quotes of another kind, debug '=', conversions.
import datetime

name = "x"
width = 10
a = f"{name!r:>{width}} {fmt(name)=} {d['k']} {{literal}} {len(name):{pad(3)}}"
b = f'{"nested " + str(1)}' rf"\d{name}" F"{name:%Y-%m-%d}"
c = f"""
multi {obj.method(
    arg)} line {datetime.datetime.now():%H}
"""
d = f"\N{BULLET} {name}" f"{x if y else z}" f"{lambda_holder}" f"{(lambda q: q)(1)}"
e = f"{a:{b}{c}}" f'{x:=10}' f"{x!s:^{w}.{p}f}"
