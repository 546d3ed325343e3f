"""Your own knowledge base: plain-text documents, `kb ingest --check`, `--kb DIR`."""

from __future__ import annotations

from typer.testing import CliRunner

from workbench.cli import app
from workbench.config import PROJECT_ROOT, Settings
from workbench.knowledge import KnowledgeIndex, chunk_directory, chunk_file
from workbench.knowledge.checks import LONG_SECTION_CHARS, check_documents

EXAMPLE_KB = PROJECT_ROOT / "examples" / "byod" / "policies"
_PARA = "Dental check-ups are covered twice a year at any registered clinic in the network. "


def test_plain_text_is_one_section_titled_by_its_first_line(tmp_path):
    """A .txt document: first line = title and section, paragraphs split like markdown."""
    doc = tmp_path / "contacts.txt"
    doc.write_text("Benefits contacts\n\nWrite to hr@example.com.\n\nOr call 4410.\n", encoding="utf-8")
    chunks = chunk_file(doc)
    assert [(c.document, c.title, c.section) for c in chunks] == [("contacts.txt", "Benefits contacts",
                                                                   "Benefits contacts")]
    assert chunks[0].text == "Write to hr@example.com.\n\nOr call 4410."
    assert chunks[0].chunk_id == "contacts#benefits-contacts:0"
    (tmp_path / "plan.md").write_text("# Plan\n\n## Dental\n\nCovered.\n", encoding="utf-8")
    (tmp_path / "notes.docx").write_text("ignored", encoding="utf-8")
    assert {c.document for c in chunk_directory(tmp_path)} == {"contacts.txt", "plan.md"}


def test_check_finds_no_headings_long_sections_duplicates_and_broken_files(tmp_path):
    """Each problem class is reported once, on the document (and section) it is in."""
    (tmp_path / "flat.txt").write_text("Flat notes\n\n" + "\n\n".join([_PARA * 3] * 1 + [
        f"Paragraph {i}: " + "words " * 60 for i in range(8)]), encoding="utf-8")
    (tmp_path / "long.md").write_text("# Long\n\n## Everything\n\n" + "\n\n".join(
        f"Rule {i}. " + "text " * 100 for i in range(LONG_SECTION_CHARS // 500 + 2)), encoding="utf-8")
    (tmp_path / "dental.md").write_text(f"# Dental\n\n## Check-ups\n\n{_PARA * 3}\n", encoding="utf-8")
    (tmp_path / "broken.md").write_text("no title here\n", encoding="utf-8")
    found = {(i.document, i.problem, i.severity) for i in check_documents(tmp_path)}
    assert found == {("broken.md", "cannot be chunked", "error"),
                     ("dental.md", "duplicated text", "warning"),
                     ("flat.txt", "no headings", "warning"),
                     ("long.md", "very long section", "warning")}


def test_example_kb_is_clean_and_the_cli_exit_code_says_so(tmp_path):
    """--check exits 0 on a clean folder and 1 (with a table) when anything is found."""
    assert check_documents(EXAMPLE_KB) == []
    runner = CliRunner()
    clean = runner.invoke(app, ["kb", "ingest", "--check", "--kb", str(EXAMPLE_KB)])
    assert clean.exit_code == 0 and "no problems" in clean.output
    (tmp_path / "a.md").write_text(f"# A\n\n## One\n\n{_PARA * 2}\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(f"# B\n\n## Two\n\n{_PARA * 2}\n", encoding="utf-8")
    dirty = runner.invoke(app, ["kb", "ingest", "--check", "--kb", str(tmp_path)])
    assert dirty.exit_code == 1 and "duplicated text" in dirty.output


def test_kb_option_ingests_and_searches_another_folder(tmp_path, monkeypatch):
    """`kb ingest --kb DIR` indexes that folder (markdown and text); `kb search --kb DIR` finds it."""
    monkeypatch.setenv("WORKBENCH_DATA_DIR", str(tmp_path / "data"))
    runner = CliRunner()
    result = runner.invoke(app, ["kb", "ingest", "--kb", str(EXAMPLE_KB)])
    assert result.exit_code == 0, result.output
    assert f"{len(chunk_directory(EXAMPLE_KB))} chunks" in " ".join(result.output.split())
    again = runner.invoke(app, ["kb", "ingest", "--kb", str(EXAMPLE_KB)])
    assert "0 added, 0 updated, 0 removed" in " ".join(again.output.split())  # incremental as before
    query = "24-hour phone line before a planned hospital admission"
    shown = runner.invoke(app, ["kb", "search", query, "-k", "3", "--kb", str(EXAMPLE_KB)])
    assert shown.exit_code == 0, shown.output
    index = KnowledgeIndex(Settings().with_overrides(knowledge_dir=EXAMPLE_KB))
    assert "contacts.txt" in [h.document for h in index.search(query, k=3)]
