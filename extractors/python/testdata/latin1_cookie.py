# -*- coding: latin-1 -*-
import os
__all__ = ["café", "plain"]
name = "été"
os.getcwd()
