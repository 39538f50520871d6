import setuptools

with open("requirements.txt") as f:
    requirements = f.read().splitlines()

setuptools.setup(
    name="dyn",
    version=open("VERSION").read().strip(),
    install_requires=requirements,
    extras_require=dict(dev=["black", f"tool=={sys.version}"], test=["pytest"]),
)
