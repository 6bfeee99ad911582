"""Subscriptions: feeds the library follows, OPML in and out, finding a page's feed.

Subscriptions live in the library's settings (``settings["feeds"]``), so they
go into the JSON backup and come back with a restore. Nothing here imports
Textual; network and XML libraries are imported by the function that needs them.
"""

#: The library setting that holds the subscriptions (here, so that asking whether a
#: library follows feeds does not load the subscriptions' code: the app's start asks).
SUBSCRIPTIONS_KEY = "feeds"
