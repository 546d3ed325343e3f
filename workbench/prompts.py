"""Prompt versions as files: load, validate, hash, list, diff, and register them in MLflow.

A prompt version is ``prompts/<name>/<version>.yaml``. It holds everything that shapes the
assistant's behaviour: the system instructions and rules for an LLM, few-shot examples, and the
offline baseline's routing examples and answer templates. Its content hash is recorded with
every run, so two runs with the same version label but edited files are never confused.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from workbench.errors import DataError

#: Intents the assistant distinguishes; routing examples and templates are keyed by them.
INTENTS = ("balance", "claim_status", "claim_history", "claim_aggregate", "policy_coverage",
           "how_to_claim", "contacts", "out_of_scope", "other_user")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FewShot(_Strict):
    """One worked example shown to an LLM."""

    question: str
    answer: str


class Behaviour(_Strict):
    """Switches that change what a good answer contains; both the LLM and the baseline obey them."""

    state_limit_and_remaining: bool = False
    cite_sources: bool = False
    escalate_when_unsure: bool = False


class Baseline(_Strict):
    """What the offline baseline (no LLM) uses: routing examples and answer templates."""

    routing: dict[str, list[str]]
    templates: dict[str, str]
    min_similarity: float = Field(0.3, ge=0, le=1)
    max_sentences: int = Field(3, ge=1, le=10)
    scope_terms: list[str] = Field(default=[], description=(
        "Word stems of the benefits domain; a question with none of them (and no claim id or "
        "benefit category) is out of scope. Empty: no such check."))

    @field_validator("routing")
    @classmethod
    def _routing_covers_intents(cls, routing: dict[str, list[str]]) -> dict[str, list[str]]:
        if unknown := set(routing) - set(INTENTS):
            raise ValueError(f"unknown intents {sorted(unknown)}; use {list(INTENTS)}")
        if empty := [k for k, v in routing.items() if not v]:
            raise ValueError(f"intents without examples: {empty}")
        return routing


class PromptVersion(_Strict):
    """A validated prompt version file."""

    name: str
    version: str
    description: str
    system: str = Field(min_length=20)
    rules: dict[str, str]
    contacts: dict[str, str]
    few_shot: list[FewShot] = []
    behaviour: Behaviour = Behaviour()
    baseline: Baseline

    @property
    def content_hash(self) -> str:
        """sha256 of the canonical content (key order and YAML formatting do not matter)."""
        canonical = json.dumps(self.model_dump(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode()).hexdigest()[:16]

    @property
    def label(self) -> str:
        """``name@version``."""
        return f"{self.name}@{self.version}"

    def instructions(self) -> str:
        """The full system prompt an LLM sees: instructions, rules, contacts and examples."""
        parts = [self.system.strip(), "", "Rules:"]
        parts += [f"- {key.replace('_', ' ')}: {text.strip()}" for key, text in self.rules.items()]
        parts += ["", "Contacts:"] + [f"- {k.replace('_', ' ')}: {v}" for k, v in self.contacts.items()]
        if self.few_shot:
            parts += ["", "Examples:"]
            parts += [f"Q: {ex.question}\nA: {ex.answer}" for ex in self.few_shot]
        return "\n".join(parts)


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


def load_prompt_file(path: Path) -> PromptVersion:
    """Load and validate a prompt YAML file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not valid YAML ({str(exc).splitlines()[0]}); fix the syntax.") from exc
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected a mapping of fields at the top level.")
    try:
        prompt = PromptVersion.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(top level)"
        raise DataError(f"{path}: field '{field}': {first['msg']} "
                        f"({exc.error_count()} problem(s) in all); fix it and retry.") from exc
    if prompt.version != path.stem:
        raise DataError(f"{path}: field 'version' is {prompt.version!r} but the file is "
                        f"{path.name}; make them match.")
    return prompt


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
