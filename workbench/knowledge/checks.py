"""Checks a knowledge base folder before it is indexed: what would make retrieval or citing poor.

``check_documents`` reports, per document: files that cannot be chunked at all (``error``), and
as warnings: documents longer than one chunk with no section headings (their passages
cannot be told apart in citations or ``reference_sections``), very long sections (split into
many chunks, the later ones far from their heading) and paragraphs that appear more than once
(duplicates crowd out other passages in the top k).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from workbench.errors import DataError
from workbench.knowledge.chunking import MAX_CHARS, chunk_file, document_files

__all__ = ["DUPLICATE_MIN_CHARS", "LONG_SECTION_CHARS", "DocumentIssue", "check_documents"]

#: A section longer than this becomes four or more chunks.
LONG_SECTION_CHARS = 3 * MAX_CHARS
#: Shorter repeated paragraphs (a "See also" line, a one-line note) are normal, not duplication.
DUPLICATE_MIN_CHARS = 80


@dataclass(frozen=True)
class DocumentIssue:
    """One problem found in a document."""

    document: str
    section: str
    severity: str  # "error" (ingest would fail) | "warning"
    problem: str
    detail: str


def check_documents(directory: Path) -> list[DocumentIssue]:
    """Every issue of every ``.md``/``.txt`` document in ``directory``, in file order.

    Raises:
        DataError: The folder does not exist or has no documents.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise DataError(f"Knowledge base folder {directory} does not exist; pass --kb DIR or set "
                        "WORKBENCH_KNOWLEDGE_DIR.")
    files = document_files(directory)
    if not files:
        raise DataError(f"Knowledge base folder {directory} has no .md or .txt files.")
    issues: list[DocumentIssue] = []
    places: dict[str, list[tuple[str, str, str]]] = {}  # normalised paragraph -> (doc, section, text)
    for path in files:
        try:
            chunks = chunk_file(path, max_chars=MAX_CHARS)
        except DataError as exc:
            issues.append(DocumentIssue(path.name, "", "error", "cannot be chunked", str(exc)))
            continue
        sections: dict[str, str] = {}
        for c in chunks:
            sections[c.section] = f"{sections[c.section]}\n\n{c.text}" if c.section in sections else c.text
        text_chars = sum(len(t) for t in sections.values())
        if all(s == chunks[0].title for s in sections) and text_chars > MAX_CHARS:
            issues.append(DocumentIssue(path.name, "", "warning", "no headings",
                                        f"{text_chars:,} characters under no section heading; add "
                                        "'## Section' headings so passages can be cited"))
        for section, text in sections.items():
            if len(text) > LONG_SECTION_CHARS:
                issues.append(DocumentIssue(path.name, section, "warning", "very long section",
                                            f"{len(text):,} characters (over {LONG_SECTION_CHARS:,}); "
                                            "split it with sub-headings"))
            for paragraph in re.split(r"\n\s*\n", text):
                key = " ".join(paragraph.lower().split())
                if len(key) >= DUPLICATE_MIN_CHARS:
                    places.setdefault(key, []).append((path.name, section, paragraph.strip()))
    for found in places.values():
        if len(found) > 1:  # one row per repeated paragraph, at its first place
            docs = sorted({doc for doc, _, _ in found})
            issues.append(DocumentIssue(found[0][0], found[0][1], "warning", "duplicated text",
                                        f"{' '.join(found[0][2].split())[:60]!r}… appears {len(found)} "
                                        f"times in {len(docs)} document(s) ({', '.join(docs[:3])}"
                                        f"{', …' if len(docs) > 3 else ''}); keep it in one place"))
    return issues
