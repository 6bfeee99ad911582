"""What an importer hands back: documents, plus what is worth telling the user."""

from __future__ import annotations

from collections.abc import Iterable

from tui_reader.model import Document


class Loaded(list[Document]):
    """The documents from one input, with warnings and which ones are only summaries.

    A plain list of documents as far as callers that ignore the extras care.
    """

    warnings: list[str]
    """Messages about the input that did not stop it (a malformed feed, skipped entries)."""
    summaries: set[str]
    """Article ids of documents that carry only a summary of the real article.

    Such a document never replaces an article already in the library.
    """

    def __init__(
        self,
        documents: Iterable[Document] = (),
        warnings: Iterable[str] = (),
        summaries: Iterable[str] = (),
    ) -> None:
        super().__init__(documents)
        self.warnings = list(warnings)
        self.summaries = set(summaries)
