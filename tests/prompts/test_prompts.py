"""Prompt versions: load, validate with errors naming file and field, hash, diff."""

import shutil

import pytest
import yaml

from workbench.config import PROJECT_ROOT
from workbench.errors import DataError
from workbench.prompts import diff_versions, list_versions, load_prompt, write_prompt

PROMPTS = PROJECT_ROOT / "prompts"


def test_shipped_versions_load_and_differ():
    assert list_versions(PROMPTS, "claims_assistant")[:2] == ["v1", "v2"]
    v1 = load_prompt(PROMPTS, "claims_assistant", "v1")
    v2 = load_prompt(PROMPTS, "claims_assistant", "v2")
    assert v1.content_hash != v2.content_hash
    assert not v1.behaviour.state_limit_and_remaining and v2.behaviour.state_limit_and_remaining
    diff = diff_versions(v1, v2)
    assert "-  state_limit_and_remaining: false" in diff and "+  state_limit_and_remaining: true" in diff
    assert "Rules:" in v2.instructions() and "hr-escalations@kestrel-labs.example" in v2.instructions()


def test_hash_ignores_formatting_but_not_content(tmp_path):
    folder = tmp_path / "claims_assistant"
    folder.mkdir()
    data = yaml.safe_load((PROMPTS / "claims_assistant" / "v2.yaml").read_text())
    (folder / "v2.yaml").write_text(yaml.safe_dump(data, sort_keys=True, width=60))
    original = load_prompt(PROMPTS, "claims_assistant", "v2")
    assert load_prompt(tmp_path, "claims_assistant", "v2").content_hash == original.content_hash
    data["llm"]["system"] += " Be concise."
    (folder / "v2.yaml").write_text(yaml.safe_dump(data))
    assert load_prompt(tmp_path, "claims_assistant", "v2").content_hash != original.content_hash


def test_unknown_version_lists_known_ones():
    with pytest.raises(DataError, match=r"Unknown prompt version claims_assistant/v9.*v1, v2"):
        load_prompt(PROMPTS, "claims_assistant", "v9")


@pytest.mark.parametrize("mutate, field", [
    (lambda d: d["llm"].pop("system"), "llm.system"),
    (lambda d: d["llm"]["demos"][0].update(intent="smalltalk"), "llm.demos.0.intent"),
    (lambda d: d["llm"]["demos"][0].pop("answer"), "llm.demos.0.answer"),
    (lambda d: d.update(provenance={"parent": "v1"}), "provenance."),
    (lambda d: d.update(system=d["llm"]["system"]), "system"),
    (lambda d: d.update(temperature=0.2), "temperature"),
    (lambda d: d["baseline"]["routing"].update(smalltalk=["hi"]), "baseline.routing"),
    (lambda d: d["baseline"].update(min_similarity=3), "baseline.min_similarity"),
])
def test_invalid_yaml_names_file_and_field(tmp_path, mutate, field):
    folder = tmp_path / "claims_assistant"
    shutil.copytree(PROMPTS / "claims_assistant", folder)
    data = yaml.safe_load((folder / "v2.yaml").read_text())
    mutate(data)
    (folder / "v2.yaml").write_text(yaml.safe_dump(data))
    with pytest.raises(DataError) as err:
        load_prompt(tmp_path, "claims_assistant", "v2")
    assert "v2.yaml" in str(err.value) and f"'{field}" in str(err.value)


def test_broken_yaml_syntax_and_version_mismatch(tmp_path):
    folder = tmp_path / "claims_assistant"
    folder.mkdir()
    (folder / "v3.yaml").write_text("name: [unclosed\n")
    with pytest.raises(DataError, match="v3.yaml: not valid YAML"):
        load_prompt(tmp_path, "claims_assistant", "v3")
    shutil.copy(PROMPTS / "claims_assistant" / "v1.yaml", folder / "v4.yaml")
    with pytest.raises(DataError, match="field 'version' is 'v1'"):
        load_prompt(tmp_path, "claims_assistant", "v4")


def test_parts_are_separate_and_demos_are_typed():
    v2 = load_prompt(PROMPTS, "claims_assistant", "v2")
    assert v2.llm.demos and {d.intent for d in v2.llm.demos} >= {"balance", "other_user"}
    refusing = [d for d in v2.llm.demos if d.refused]
    assert refusing and all(d.intent == "other_user" for d in refusing)
    assert v2.provenance is None and v2.baseline.routing
    # the demos are data for the program, not pasted into the instructions
    assert v2.llm.demos[0].question not in v2.instructions()


def test_write_prompt_round_trips_and_never_overwrites(tmp_path):
    v2 = load_prompt(PROMPTS, "claims_assistant", "v2")
    v3 = v2.model_copy(update={"version": "v3", "description": "copy"})
    path = write_prompt(tmp_path, v3)
    assert path == tmp_path / "claims_assistant" / "v3.yaml"
    again = load_prompt(tmp_path, "claims_assistant", "v3")
    assert again.llm == v2.llm and again.baseline == v2.baseline
    before = path.read_text()
    with pytest.raises(DataError, match="v3.yaml already exists"):
        write_prompt(tmp_path, v3.model_copy(update={"description": "other"}))
    assert path.read_text() == before and not list(path.parent.glob("*.tmp"))
