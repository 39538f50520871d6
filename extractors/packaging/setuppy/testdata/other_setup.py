from skbuild import setup
setup(name="skb", install_requires=["numpy"])
