"""Flask serving static files from several folders, the first that has the file."""
import os

from flask import Flask, send_from_directory


class MultiStaticFlask(Flask):
    def __init__(self, import_name, static_folders=(), **kwargs):
        super().__init__(import_name, **kwargs)
        self.static_folders = list(static_folders)

    def send_static_file(self, filename):
        for folder in self.static_folders:
            if os.path.exists(os.path.join(folder, filename)):
                return send_from_directory(folder, filename)
        return super().send_static_file(filename)
