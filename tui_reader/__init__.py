"""newsread: a terminal reader and annotator for articles."""

__version__ = "0.1.0"
