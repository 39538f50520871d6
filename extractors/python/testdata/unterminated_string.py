import os
os.getcwd()
x = "unterminated
y = 2
