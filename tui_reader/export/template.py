"""Export templates: a user's Jinja2 file that lays out each article's Markdown.

``newsread export --template FILE`` (and ``[export] template`` in the config
for the app) renders every article with :class:`ArticleTemplate` instead of
the built-in layout (:mod:`.markdown`). The template runs in Jinja's
immutable sandbox with ``StrictUndefined``: it can read the variables of
:mod:`.template_vars` and nothing else of Python, and a misspelt name is an
error, not an empty string. Printed values are escaped for Markdown
(:mod:`.template_filters`).

What the template prints goes *between* newsread's markers, as the built-in
layout does, so text the user writes around them survives a re-export. A
template that starts with a ``---`` front matter block sets the file's front
matter instead of the built-in one: it is parsed (it must be a YAML mapping)
and written again through the YAML emitter, with ``id`` always first.

Every failure is a :class:`TemplateError` with one line naming the file and,
where there is one, the line of the template.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_reader.export.errors import ExportError
from tui_reader.model import Article, Highlight

#: Characters of a template message kept (a runaway message is cut).
_MESSAGE_LIMIT = 300
#: The largest template file read.
MAX_TEMPLATE_BYTES = 1024 * 1024


class TemplateError(ExportError):
    """A template cannot be read, does not compile, or failed on an article."""


@dataclass(slots=True)
class RenderedArticle:
    """What a template made of one article."""

    front_matter: dict[str, Any] | None
    """The front matter the template wrote (``id`` first), or None to keep the built-in one."""
    body: str
    """The Markdown that goes between the markers."""


def _one_line(text: str) -> str:
    from tui_reader.sanitize import strip_unsafe

    line = " ".join(strip_unsafe(str(text)).split())
    return line if len(line) <= _MESSAGE_LIMIT else line[: _MESSAGE_LIMIT - 1] + "…"


class ArticleTemplate:
    """A compiled export template; :meth:`render` lays out one article."""

    def __init__(self, source: str, name: str) -> None:
        """Compile ``source``; ``name`` (the file as the user gave it) appears in messages."""
        from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        from tui_reader.export import template_filters

        self.name = name
        # A file name no frame of Python code has, to find the template's frames in tracebacks.
        self._code_name = f"<newsread template {name}>"
        code_name = self._code_name

        class OneTemplate(BaseLoader):
            """Loads this template only: ``include``, ``import`` and ``extends`` find nothing."""

            def get_source(
                self, environment: Any, template: str
            ) -> tuple[str, str, Callable[[], bool]]:
                if template != code_name:
                    raise TemplateNotFound(template)
                return source, code_name, lambda: True

        env = ImmutableSandboxedEnvironment(
            loader=OneTemplate(),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=template_filters.finalize,
            auto_reload=False,
        )
        for removed in template_filters.REMOVED_FILTERS:
            env.filters.pop(removed, None)
        env.filters.update(template_filters.FILTERS)
        try:
            self._template = env.get_template(code_name)
        except TemplateSyntaxError as error:
            raise TemplateError(self._message(error.message or str(error), error.lineno)) from None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ArticleTemplate:
        """Read and compile the template file at ``path``."""
        name = os.fspath(path)
        file = Path(name).expanduser()
        try:
            with file.open("rb") as handle:
                data = handle.read(MAX_TEMPLATE_BYTES + 1)
        except OSError as error:
            reason = (error.strerror or str(error)).lower()
            raise TemplateError(f"cannot read template {name}: {reason}") from None
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"template {name} is larger than 1 MB; is it the right file?")
        try:
            source = data.decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            raise TemplateError(f"template {name} is not UTF-8 text (byte {error.start})") from None
        return cls(source, name)

    def _message(self, text: str, line: int | None) -> str:
        where = f"template {self.name}" + (f", line {line}" if line else "")
        return f"{where}: {_one_line(text)}"

    def _failing_line(self, error: BaseException) -> int | None:
        lines = [
            frame.lineno
            for frame in traceback.extract_tb(error.__traceback__)
            if frame.filename == self._code_name
        ]
        return lines[-1] if lines else None

    def render_text(self, article: Article, highlights: Sequence[Highlight]) -> str:
        """The template's output for ``article`` (front matter included, if it writes one)."""
        from jinja2 import TemplateError as JinjaError

        from tui_reader.export.template_vars import article_vars

        try:
            return self._template.render(article_vars(article, highlights))
        except (JinjaError, ArithmeticError, LookupError, TypeError, ValueError) as error:
            text = getattr(error, "message", None) or str(error) or type(error).__name__
            raise TemplateError(self._message(text, self._failing_line(error))) from None
        except RecursionError:
            raise TemplateError(self._message("too deeply nested", None)) from None

    def render(self, article: Article, highlights: Sequence[Highlight]) -> RenderedArticle:
        """Lay out ``article``: its front matter (if the template writes one) and body."""
        text = self.render_text(article, highlights)
        front, body = self._split_front_matter(text, article)
        if any(line.lstrip().startswith("<!-- newsread:") for line in body.split("\n")):
            raise TemplateError(
                self._message(
                    "the output holds newsread's own <!-- newsread: --> markers; "
                    "leave them out (the export adds them)",
                    None,
                )
            )
        return RenderedArticle(front, body.strip("\n") + "\n")

    def _split_front_matter(self, text: str, article: Article) -> tuple[dict[str, Any] | None, str]:
        import yaml

        from tui_reader.export import yamlio

        lines = text.split("\n")
        if not lines or lines[0].rstrip() != "---":
            return None, text
        end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
        if end is None:
            raise TemplateError(self._message("front matter starts with --- but never ends", 1))
        try:
            data = yamlio.load("\n".join(lines[1:end]))
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 2} of the output" if mark is not None else ""
            problem = getattr(error, "problem", None) or "not YAML"
            raise TemplateError(
                self._message(
                    f"the front matter written for article {article.id} does not parse{where} "
                    f"({problem}); pass values through the yaml filter",
                    None,
                )
            ) from None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise TemplateError(self._message("the front matter must be a mapping of keys", None))
        front = {"id": article.id, **{str(k): v for k, v in data.items() if str(k) != "id"}}
        return front, "\n".join(lines[end + 1 :])
