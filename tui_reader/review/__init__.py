"""Daily review of highlights, scheduled with FSRS (the ``fsrs`` package).

Nothing here imports Textual. The pieces, one job each:

- :mod:`.log`: :func:`review_log`, every rating ever given, dated (for stats);
- :mod:`.settings`: the ``[review]`` table of the config file;
- :mod:`.cards`: a highlight's card record and FSRS scheduling of a rating;
- :mod:`.table`: the card records of a library, kept in step with its saves;
- :mod:`.queue`: today's queue (due cards, then new ones up to the daily limit);
- :mod:`.session`: a review session (ratings, skips, retiring, undo, the summary).

Card records live in the library (``reviews/<abc>.json`` shards, one small file
rewritten per rating) and travel in the JSON backup.
"""

from __future__ import annotations
