import os

songs = ["a", "b"]
x = f"{", ".join(f"{s!r}" for s in songs)}"
y = f"{f"{f"{os.getcwd()}"}"}"
z = f"{'\n'.join(songs)}"


def after():
    return len(x)
