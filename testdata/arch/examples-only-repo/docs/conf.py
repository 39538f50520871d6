project = "demos"
extensions = ["sphinx.ext.autodoc"]
