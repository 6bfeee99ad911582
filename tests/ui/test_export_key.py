"""The ``e`` key: the library exports what it lists, in a worker, and says where."""

from __future__ import annotations

from pathlib import Path

from tests.ui.library_pilot import notices, settle
from tui_reader.config import Config
from tui_reader.importing import add_document
from tui_reader.model import Document, Paragraph
from tui_reader.store import Library
from tui_reader.ui.app import create_app


def two_tagged_articles(library: Library) -> tuple[str, str]:
    """Two articles with a highlight each; only the first tagged ``keep``."""
    ids = []
    for title in ("Kept article", "Other article"):
        aid = add_document(
            library, Document(title=title, paragraphs=[Paragraph(f"The text of {title.lower()}.")])
        ).article.id
        library.create_highlight(aid, 0, 4, 8, "green", note=f"note on {title}")
        ids.append(aid)
    library.set_tags(ids[0], ["keep"])
    return ids[0], ids[1]


async def test_e_exports_the_filtered_listing(library: Library, tmp_path: Path) -> None:
    two_tagged_articles(library)
    out = tmp_path / "vault"
    app = create_app(library, Config(export_dir=str(out)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"keep", "enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        files = sorted(p.name for p in out.glob("*.md"))
        assert files == ["Kept article.md"]
        text = (out / "Kept article.md").read_text(encoding="utf-8")
        assert "> text ^hl-" in text and "note on Kept article" in text
        assert any(str(out) in n for n in notices(app))


async def test_export_failure_is_a_notification_and_the_app_goes_on(
    library: Library, tmp_path: Path
) -> None:
    two_tagged_articles(library)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the export folder should be")
    app = create_app(library, Config(export_dir=str(blocker)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert any(n.startswith("Export failed: ") for n in notices(app))
        assert blocker.read_text() == "a file where the export folder should be"
        await pilot.press("j")  # still running and responding
        await pilot.pause()
        assert app.is_running


async def test_e_uses_the_configured_template(library: Library, tmp_path: Path) -> None:
    kept, _ = two_tagged_articles(library)
    template = tmp_path / "t.md.j2"
    template.write_text("Templated {{ article.title }}: {{ highlights[0].note }}\n")
    out = tmp_path / "vault"
    app = create_app(library, Config(export_dir=str(out), export_template=str(template)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        text = (out / "Kept article.md").read_text(encoding="utf-8")
        assert "\nTemplated Kept article: note on Kept article\n" in text
        assert f"id: {kept}" in text


async def test_a_template_error_is_a_notification_naming_the_line(
    library: Library, tmp_path: Path
) -> None:
    two_tagged_articles(library)
    template = tmp_path / "t.md.j2"
    template.write_text("line\n{{ article.nope }}\n")
    out = tmp_path / "vault"
    app = create_app(library, Config(export_dir=str(out), export_template=str(template)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert (
            f"Export failed: template {template}, line 2: 'dict object' has no attribute 'nope'"
            in notices(app)
        )
        assert not out.exists()
        assert app.is_running


async def test_e_leaves_out_articles_without_highlights_or_notes(
    library: Library, tmp_path: Path
) -> None:
    two_tagged_articles(library)
    bare = add_document(
        library, Document(title="Bare article", paragraphs=[Paragraph("Nothing marked.")])
    ).article.id
    out = tmp_path / "vault"
    app = create_app(library, Config(export_dir=str(out)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert sorted(p.name for p in out.glob("*.md")) == ["Kept article.md", "Other article.md"]
        assert any("1 article without highlights or notes left out" in n for n in notices(app))
    library.set_note(bare, "worth keeping")  # a note alone is worth a file
    app = create_app(library, Config(export_dir=str(out)))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "worth keeping" in (out / "Bare article.md").read_text(encoding="utf-8")
