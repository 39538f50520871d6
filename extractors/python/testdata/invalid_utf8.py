import os
os.getcwd()
x = "ÿþ"
import sys
