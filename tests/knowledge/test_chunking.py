"""Chunking: stable ids, section paths, splitting, and malformed documents."""

import pytest

from workbench.config import Settings
from workbench.errors import DataError
from workbench.knowledge import chunk_directory, chunk_file


def test_the_knowledge_base_gives_enough_chunks_with_unique_stable_ids():
    settings = Settings()
    first = chunk_directory(settings.knowledge_dir)
    second = chunk_directory(settings.knowledge_dir)
    assert len(first) >= 60
    assert [c.chunk_id for c in first] == [c.chunk_id for c in second]
    assert len({c.chunk_id for c in first}) == len(first)
    assert len({c.document for c in first}) >= 10


def test_section_paths_follow_the_headings(tmp_path):
    doc = tmp_path / "plan.md"
    doc.write_text("# Plan\n\nIntro text.\n\n## Dental\n\nDental text.\n\n### Braces\n\nBraces text.\n\n"
                   "## Optical\n\nOptical text.\n", encoding="utf-8")
    chunks = chunk_file(doc)
    assert [(c.section, c.text) for c in chunks] == [
        ("Plan", "Intro text."), ("Dental", "Dental text."), ("Dental > Braces", "Braces text."),
        ("Optical", "Optical text.")]
    assert [c.chunk_id for c in chunks] == ["plan#plan:0", "plan#dental:0", "plan#dental-braces:0", "plan#optical:0"]


def test_ids_survive_a_wording_change_but_the_hash_does_not(tmp_path):
    doc = tmp_path / "plan.md"
    doc.write_text("# Plan\n\n## Dental\n\nOld wording.\n", encoding="utf-8")
    before = chunk_file(doc)[0]
    doc.write_text("# Plan\n\n## Dental\n\nNew wording.\n", encoding="utf-8")
    after = chunk_file(doc)[0]
    assert before.chunk_id == after.chunk_id
    assert before.content_hash != after.content_hash


def test_a_long_section_is_split_at_paragraphs(tmp_path):
    paragraphs = [f"Paragraph {i}" + " word" * 60 for i in range(6)]
    doc = tmp_path / "long.md"
    doc.write_text("# Long\n\n## Section\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    chunks = chunk_file(doc, max_chars=700)
    assert len(chunks) > 1
    assert all(len(c.text) <= 700 for c in chunks)
    assert [c.chunk_id for c in chunks] == [f"long#section:{i}" for i in range(len(chunks))]
    assert "\n\n".join(c.text for c in chunks) == "\n\n".join(paragraphs)


def test_a_heading_inside_a_code_fence_is_text(tmp_path):
    doc = tmp_path / "code.md"
    doc.write_text("# Code\n\n## Example\n\n```\n# not a heading\n```\n", encoding="utf-8")
    assert [c.section for c in chunk_file(doc)] == ["Example"]


@pytest.mark.parametrize(("content", "message"), [
    ("", "the file is empty"),
    ("Text before any title.\n", ":1: the document must start with a '# Title'"),
    ("## Section first\n\nText.\n", ":1: the first heading must be a '# Title'"),
    ("# Title\n\n##\n\nText.\n", ":3: empty heading"),
    ("# Title\n\n## A\n\n```\ncode\n", ":5: code fence is never closed"),
    ("# Title\n\n## A\n\n## B\n", "headings but no text"),
])
def test_malformed_markdown_names_the_file_and_line(tmp_path, content, message):
    doc = tmp_path / "bad.md"
    doc.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match="bad.md") as err:
        chunk_file(doc)
    assert message in str(err.value)


def test_non_utf8_file_is_rejected(tmp_path):
    doc = tmp_path / "latin.md"
    doc.write_bytes("# Título\n\nCafé\n".encode("latin-1"))
    with pytest.raises(DataError, match="latin.md: not UTF-8"):
        chunk_file(doc)


def test_empty_or_missing_knowledge_base(tmp_path):
    with pytest.raises(DataError, match="has no .md or .txt files"):
        chunk_directory(tmp_path)
    with pytest.raises(DataError, match="does not exist"):
        chunk_directory(tmp_path / "missing")


def test_duplicate_headings_in_one_document_are_rejected(tmp_path):
    (tmp_path / "dup.md").write_text("# Dup\n\n## Same\n\nOne.\n\n## Same\n\nTwo.\n", encoding="utf-8")
    with pytest.raises(DataError, match="two sections are both headed 'Same'"):
        chunk_directory(tmp_path)
