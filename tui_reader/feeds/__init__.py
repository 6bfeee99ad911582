"""Subscriptions: feeds the library follows, OPML in and out, finding a page's feed.

Subscriptions live in the library's settings (``settings["feeds"]``), so they
go into the JSON backup and come back with a restore. Nothing here imports
Textual; network and XML libraries are imported by the function that needs them.
"""
