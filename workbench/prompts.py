"""Prompt versions as files: load, validate, hash, list, diff, and register them in MLflow.

A prompt version is ``prompts/<name>/<version>.yaml`` with these parts, each validated on its
own model so an error names the part and the field:

- ``name``, ``version``, ``description``;
- ``contacts`` and ``behaviour``: shared by the LLM program and the offline baseline;
- ``llm``: the LLM program's ``system`` instructions, ``rules`` and ``demos`` (worked examples
  stored as data; the program turns them into ``dspy.Example`` demos);
- ``baseline``: what the offline baseline (no LLM) uses — routing examples, answer templates,
  thresholds, scope terms and (optional) ``learned_router``, the training questions and switch
  of its learned intent fallback;
- ``provenance`` (optional): how a compiled version was made (parent, optimizer, dev score).

The content hash covers every part and is recorded with every run.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from workbench.errors import DataError

#: Intents the assistant distinguishes; routing examples and templates are keyed by them.
INTENTS = ("balance", "claim_status", "claim_history", "claim_aggregate", "policy_coverage",
           "how_to_claim", "contacts", "out_of_scope", "other_user")

Intent = Literal[INTENTS]  # type: ignore[valid-type]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DemoTurn(_Strict):
    """An earlier turn of a demo's conversation."""

    question: str = Field(min_length=1)
    answer: str


class Demo(_Strict):
    """One worked example for the LLM program: the inputs and the typed outputs it should give.

    ``source_case`` is the id of the dev eval case a demo was taken from (compiled versions set
    it, so a check can show every demo came from the dev split).
    """

    question: str = Field(min_length=1)
    history: list[DemoTurn] = []
    answer: str = Field(min_length=1)
    intent: Intent
    refused: bool = False
    cited: list[str] = []
    trajectory: str = Field(default="", description="the tool steps behind the answer, as the "
                            "ReAct trajectory text (bootstrapped demos keep it)")
    source_case: str | None = None


class LLMPart(_Strict):
    """What the LLM program is built from: instructions, rules and demos."""

    system: str = Field(min_length=20)
    rules: dict[str, str]
    demos: list[Demo] = []


class Behaviour(_Strict):
    """Switches that change what a good answer contains; both the LLM and the baseline obey them."""

    state_limit_and_remaining: bool = False
    cite_sources: bool = False
    escalate_when_unsure: bool = False


class RouterExample(_Strict):
    """One training question of the learned router: the text, its intent, the dev case it came from."""

    q: str = Field(min_length=1)
    intent: Intent
    source: str | None = None


class LearnedRouterPart(_Strict):
    """The baseline's learned intent fallback (``workbench.agent.learned_router``).

    ``switch`` lists ``cascade intent->learned intent`` directions: only there, and only when
    the learned probability is at least ``threshold``, does the learned intent replace the
    hand-written cascade's.
    """

    C: float = Field(10.0, gt=0)
    threshold: float = Field(ge=0, le=1)
    switch: list[str] = []
    examples: list[RouterExample] = Field(min_length=2)

    @field_validator("switch")
    @classmethod
    def _known_directions(cls, switch: list[str]) -> list[str]:
        for direction in switch:
            parts = direction.split("->")
            if len(parts) != 2 or not set(parts) <= set(INTENTS) or parts[0] == parts[1]:
                raise ValueError(f"{direction!r} is not 'intent->other intent' with intents from {list(INTENTS)}")
        return switch

    def directions(self) -> list[tuple[str, str]]:
        """The switch directions as (cascade intent, learned intent) pairs."""
        return [tuple(d.split("->")) for d in self.switch]  # type: ignore[misc]


class Baseline(_Strict):
    """What the offline baseline (no LLM) uses: routing examples and answer templates."""

    routing: dict[str, list[str]]
    templates: dict[str, str]
    min_similarity: float = Field(0.3, ge=0, le=1)
    max_sentences: int = Field(3, ge=1, le=10)
    scope_terms: list[str] = Field(default=[], description=(
        "Word stems of the benefits domain; a question with none of them (and no claim id or "
        "benefit category) is out of scope. Empty: no such check."))
    learned_router: LearnedRouterPart | None = None

    @field_validator("routing")
    @classmethod
    def _routing_covers_intents(cls, routing: dict[str, list[str]]) -> dict[str, list[str]]:
        if unknown := set(routing) - set(INTENTS):
            raise ValueError(f"unknown intents {sorted(unknown)}; use {list(INTENTS)}")
        if empty := [k for k, v in routing.items() if not v]:
            raise ValueError(f"intents without examples: {empty}")
        return routing


class Provenance(_Strict):
    """How a compiled version was made (written by ``workbench optimize``)."""

    parent: str
    optimizer: str
    settings: dict[str, Any] = {}
    model: str
    dev_split_hash: str
    dev_cases: int = Field(ge=0)
    metric: str
    dev_score_before: float
    dev_score_after: float
    llm_calls: int = Field(ge=0)
    cost_usd: float | None = None
    budget_exhausted: bool = False
    date: str


class PromptVersion(_Strict):
    """A validated prompt version file."""

    name: str
    version: str
    description: str
    contacts: dict[str, str]
    behaviour: Behaviour = Behaviour()
    llm: LLMPart
    baseline: Baseline
    provenance: Provenance | None = None

    @property
    def content_hash(self) -> str:
        """sha256 of the canonical content (key order and YAML formatting do not matter)."""
        content = self.model_dump()
        if content["baseline"]["learned_router"] is None:
            del content["baseline"]["learned_router"]  # versions without one keep their hash
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    @property
    def label(self) -> str:
        """``name@version``."""
        return f"{self.name}@{self.version}"

    def instructions(self) -> str:
        """The LLM program's instructions: system text, rules and contacts (demos are separate)."""
        parts = [self.llm.system.strip(), "", "Rules:"]
        parts += [f"- {key.replace('_', ' ')}: {text.strip()}" for key, text in self.llm.rules.items()]
        parts += ["", "Contacts:"] + [f"- {k.replace('_', ' ')}: {v}" for k, v in self.contacts.items()]
        return "\n".join(parts)

    def to_yaml(self) -> str:
        """The version as YAML, parts in file order (what ``write_prompt`` stores)."""
        return yaml.safe_dump(self.model_dump(exclude_none=True), sort_keys=False,
                              allow_unicode=True, width=100)


def prompt_path(prompts_dir: Path, name: str, version: str) -> Path:
    """Where a version's file lives."""
    return prompts_dir / name / f"{version}.yaml"


def list_versions(prompts_dir: Path, name: str) -> list[str]:
    """Versions of a prompt, in natural order (v1, v2, …, v10)."""
    files = (prompts_dir / name).glob("*.yaml")
    return sorted((p.stem for p in files), key=lambda v: (len(v), v))


def load_prompt(prompts_dir: Path, name: str, version: str) -> PromptVersion:
    """Load and validate one version; errors name the file and the field."""
    path = prompt_path(prompts_dir, name, version)
    if not path.is_file():
        known = ", ".join(list_versions(prompts_dir, name)) or "none"
        raise DataError(f"Unknown prompt version {name}/{version} (no {path}); known versions: {known}.")
    return load_prompt_file(path)


def load_prompt_file(path: Path, expected_version: str | None = None) -> PromptVersion:
    """Load and validate a prompt YAML file; its ``version`` must match the file name."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not valid YAML ({str(exc).splitlines()[0]}); fix the syntax.") from exc
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping of fields at the top level.")
    if moved := [k for k in ("system", "rules", "few_shot") if k in data]:
        raise DataError(f"{path}: field '{moved[0]}' belongs under 'llm:' (llm.system, llm.rules, "
                        "llm.demos); move it there.")
    try:
        prompt = PromptVersion.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise DataError(f"{path}: field '{field}': {first['msg']} "
                        f"({exc.error_count()} problem(s) in all); fix it and retry.") from exc
    if prompt.version != (expected_version or path.stem):
        raise DataError(f"{path}: field 'version' is {prompt.version!r} but the file is "
                        f"{path.name}; make them match.")
    return prompt


def write_prompt(prompts_dir: Path, prompt: PromptVersion) -> Path:
    """Write a new version file atomically (temp file, then rename); never overwrites.

    Raises:
        DataError: The version's file already exists.
    """
    path = prompt_path(prompts_dir, prompt.name, prompt.version)
    if path.exists():
        raise DataError(f"{path} already exists; choose a new version name (versions are never "
                        "overwritten).")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(prompt.to_yaml(), encoding="utf-8")
    try:
        load_prompt_file(tmp, expected_version=prompt.version)  # what is written must load back
    except DataError:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)
    return path


def diff_versions(a: PromptVersion, b: PromptVersion) -> str:
    """A unified diff of two versions' canonical YAML."""
    def lines(p: PromptVersion) -> list[str]:
        return yaml.safe_dump(p.model_dump(), sort_keys=True, allow_unicode=True, width=100).splitlines()

    return "\n".join(difflib.unified_diff(lines(a), lines(b), a.label, b.label, lineterm=""))


def register_in_mlflow(prompt: PromptVersion) -> str:
    """Register the version in the MLflow prompt registry (idempotent by content hash).

    Returns the registry URI (``prompts:/<name>/<registry version>``). The tracking URI must be
    set by the caller.
    """
    import mlflow

    client = mlflow.MlflowClient()
    tags = {"workbench_version": prompt.version, "content_hash": prompt.content_hash}
    try:
        existing = client.search_prompt_versions(prompt.name).prompt_versions
    except Exception:  # noqa: BLE001 - the prompt is not registered yet
        existing = []
    for version in existing:
        if (version.tags or {}).get("content_hash") == prompt.content_hash:
            return version.uri
    registered = mlflow.genai.register_prompt(
        name=prompt.name, template=prompt.instructions(),
        commit_message=f"{prompt.version}: {prompt.description}", tags=tags)
    return registered.uri
