import os
print "hello"
os.getcwd()
