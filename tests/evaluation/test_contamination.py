"""The contamination guard: landed prompts pass, a prompt that copies a test question fails."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from workbench.cli import app
from workbench.config import PROJECT_ROOT
from workbench.evaluation.contamination import (
    check_prompt,
    check_repository,
    normalise,
    prompt_strings,
    questions_of_split,
)
from workbench.prompts import load_prompt_file
from workbench.testing.embedding_memo import remembered_embeddings

PROMPTS = PROJECT_ROOT / "prompts"
DATASETS = PROJECT_ROOT / "eval" / "datasets"
KNOWLEDGE = PROJECT_ROOT / "knowledge_base"
# Written for this test; about the benefits domain, like a real test question would be.
FIXTURE_TEST = "My physio sessions after the car accident in 2025 were turned down, can I appeal that decision?"
FIXTURE_DEV = "What do I need to bring to a panel clinic?"


@pytest.fixture(scope="module", autouse=True)
def _embed_each_string_once():
    """Each test checks the ~2,000 landed prompt strings (plus at most one edit) again; the module
    embeds each distinct string once (``workbench.testing.embedding_memo``: same vectors to float
    rounding) instead of re-encoding all of them in every test."""
    with remembered_embeddings():
        yield


def _case(i: int, split: str, question: str, history: list | None = None) -> dict:
    return {"id": f"fx-{i}", "split": split, "user": "{user}", "question": question,
            "intent": "how_to_claim", "history": history or []}


@pytest.fixture
def datasets(tmp_path):
    """A datasets folder with one test case (plus a history turn) and one dev case."""
    folder = tmp_path / "datasets" / "handwritten"
    folder.mkdir(parents=True)
    rows = [_case(1, "test", FIXTURE_TEST,
                  [{"question": "Which of my claims got turned down in 2025?", "answer": "…"}]),
            _case(2, "dev", FIXTURE_DEV)]
    (folder / "policy.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return tmp_path / "datasets"


@pytest.fixture
def prompts(tmp_path):
    """A copy of the landed prompts folder."""
    return shutil.copytree(PROMPTS, tmp_path / "prompts")


def _copy_into_v2(prompts_dir, question: str) -> None:
    path = prompts_dir / "claims_assistant" / "v2.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    section = document.get("baseline", document)
    section["routing"]["how_to_claim"].append(question)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_prompt_file(path)  # still a valid prompt: only the copied question makes it fail


def test_landed_prompts_pass_against_the_landed_test_split():
    report = check_repository(PROMPTS, DATASETS, KNOWLEDGE)
    worst = report.pairs[:3]
    assert report.passed, [(p.source.where, p.source.text, p.char, p.cosine) for p in report.flagged]
    assert all(p.char < report.char_threshold and p.cosine < report.cosine_threshold for p in worst)


def test_only_test_split_questions_and_their_history_are_compared(datasets):
    asked = [q.question for q in questions_of_split(datasets)]
    assert FIXTURE_TEST in asked and "Which of my claims got turned down in 2025?" in asked
    assert FIXTURE_DEV not in asked
    assert [q.question for q in questions_of_split(datasets, "dev")] == [FIXTURE_DEV]


def test_landed_prompts_pass_against_fixture_questions(prompts, datasets):
    report = check_repository(prompts, datasets)
    assert report.n_questions == 2 and report.n_sources > 100
    assert report.passed


def test_a_prompt_that_copies_a_test_question_fails(prompts, datasets):
    _copy_into_v2(prompts, FIXTURE_TEST)
    report = check_repository(prompts, datasets)
    assert not report.passed
    top = report.flagged[0]
    assert top.source.text == FIXTURE_TEST and top.test.case_id == "fx-1"
    assert "baseline.routing.how_to_claim" in top.source.where


def test_a_copy_with_other_ids_and_years_is_still_a_copy(prompts, datasets):
    """Filling a template with another year (or claim id) does not hide it."""
    _copy_into_v2(prompts, "Which of my claims got turned down in 2024?")
    report = check_repository(prompts, datasets)
    assert [p.source.text for p in report.flagged] == ["Which of my claims got turned down in 2024?"]
    assert normalise("Status of CLM0000123 in 2025?") == normalise("status of clm0009999 in 2024")


def test_a_test_question_copied_into_the_learned_router_training_set_fails(prompts, datasets):
    path = prompts / "claims_assistant" / "v2.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["baseline"]["learned_router"]["examples"].append(
        {"q": FIXTURE_TEST, "intent": "how_to_claim", "source": "dev-copy"})
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_prompt_file(path)
    report = check_repository(prompts, datasets)
    assert [p.source.text for p in report.flagged] == [FIXTURE_TEST]
    assert "baseline.learned_router.examples" in report.flagged[0].source.where


def test_the_learned_router_builder_drops_exactly_the_flagged_rows(datasets):
    from workbench.evaluation.learned_router_build import contaminated_sources

    rows = [{"q": FIXTURE_TEST.replace("2025", "2024"), "intent": "how_to_claim", "source": "dev-a"},
            {"q": "Where can I find the claim form for a panel clinic visit?", "intent": "how_to_claim",
             "source": "dev-b"},
            {"q": FIXTURE_DEV, "intent": "how_to_claim", "source": "dev-c"}]
    assert contaminated_sources(rows, datasets) == {"dev-a"}


def test_an_unrelated_prompt_string_is_not_flagged(prompts, datasets):
    _copy_into_v2(prompts, "Where can I find the claim form for a panel clinic visit?")
    assert check_repository(prompts, datasets).passed


def test_check_prompt_for_an_optimizer():
    prompt = load_prompt_file(PROMPTS / "claims_assistant" / "v2.yaml")
    assert check_prompt(prompt, [FIXTURE_TEST]).passed
    candidate = prompt.model_dump()
    candidate["llm"]["demos"].append({"question": FIXTURE_TEST.lower().rstrip("?"), "answer": "Yes."})
    failed = check_prompt(candidate, [FIXTURE_TEST])
    assert not failed.passed and failed.flagged[0].source.where.startswith("prompt:llm.demos")


def test_every_string_of_every_prompt_file_is_read():
    sources = prompt_strings(PROMPTS)
    where = {s.where.split(":", 1)[1].split("[")[0].split(".")[0] for s in sources}
    assert {"llm", "baseline", "contacts"} <= where
    for part in ("llm.system", "llm.rules", "llm.demos", "baseline.routing", "baseline.templates"):
        assert any(part in s.where for s in sources), part


def test_cli_exits_1_on_a_copy_and_names_it(prompts, datasets, monkeypatch):
    monkeypatch.setenv("WORKBENCH_PROMPTS_DIR", str(prompts))
    monkeypatch.setenv("WORKBENCH_DATASETS_DIR", str(datasets))
    runner = CliRunner()
    ok = runner.invoke(app, ["eval", "contamination", "--prompt-side-only"])
    assert ok.exit_code == 0, ok.output
    _copy_into_v2(prompts, FIXTURE_TEST)
    failed = runner.invoke(app, ["eval", "contamination", "--prompt-side-only"])
    assert failed.exit_code == 1
    assert "NEAR-COPY" in failed.output and "(hidden)" in failed.output
