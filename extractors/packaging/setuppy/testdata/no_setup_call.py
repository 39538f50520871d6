"""A setup.py that is really a script."""
import sys

def setup():
    print("configuring", sys.argv)

if __name__ == "__main__":
    setup()
