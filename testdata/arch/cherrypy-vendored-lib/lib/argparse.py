"""A backport of argparse, vendored."""


class ArgumentParser:
    def __init__(self, prog=None):
        self.prog = prog
