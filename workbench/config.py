"""One Settings object for the whole workbench.

Every setting can come from an environment variable (``WORKBENCH_<NAME>``), from a ``.env``
file in the working directory, or be overridden by a CLI flag. Nothing else in the package
reads ``os.environ``: pass a ``Settings`` down instead.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The repository root (the package is installed editable from it).
PROJECT_ROOT = Path(__file__).resolve().parents[1]

OFFLINE_MODEL = "offline"
DEFAULT_API_MODEL = "openai/gpt-4o-mini"


class Settings(BaseSettings):
    """Paths, model choice and limits. Relative paths are resolved against the project root."""

    model_config = SettingsConfigDict(
        env_prefix="WORKBENCH_",
        env_file=".env",
        extra="ignore",
        validate_default=True,
        populate_by_name=True,
    )

    # Where generated state lives (git ignores it).
    data_dir: Path = PROJECT_ROOT / "data"
    claims_db: Path | None = None
    app_db: Path | None = None
    chroma_dir: Path | None = None
    cache_dir: Path | None = None
    mlflow_tracking_uri: str | None = None

    # Shipped inputs.
    knowledge_dir: Path = PROJECT_ROOT / "knowledge_base"
    prompts_dir: Path = PROJECT_ROOT / "prompts"
    datasets_dir: Path = PROJECT_ROOT / "eval" / "datasets"
    gates_file: Path = PROJECT_ROOT / "eval" / "gates.yaml"

    # Model and prompt.
    model: str | None = None
    prompt_name: str = "claims_assistant"
    prompt_version: str = "v2"
    openai_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("WORKBENCH_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    openai_base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("WORKBENCH_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    )
    judge_model: str | None = None
    llm_timeout_s: float = 30.0
    llm_max_retries: int = 3
    llm_backoff_s: float = 1.0

    # Agent behaviour.
    memory_turns: int = 6
    memory_ttl_hours: float = 24.0
    retrieval_k: int = 4
    rate_limit_per_minute: int = 10

    # The REST API (`workbench serve`): request limits and tracing of agent steps in MLflow.
    max_request_bytes: int = 64 * 1024
    request_timeout_s: float = 60.0
    service_tracing: bool = False
    # prometheus_client's own variable: /metrics sums the counters of every worker writing there.
    prometheus_multiproc_dir: Path | None = Field(
        default=None,
        validation_alias=AliasChoices("PROMETHEUS_MULTIPROC_DIR", "WORKBENCH_PROMETHEUS_MULTIPROC_DIR"),
    )
    # Shared services for several processes or machines (unset: the embedded defaults).
    redis_url: str | None = None  # conversation memory, rate limits and the LLM cache in Redis
    chroma_url: str | None = None  # a Chroma server (`chroma run`) instead of chroma_dir
    # postgresql://user@host:port/db: serve claims from PostgreSQL (loaded with `workbench db
    # to-postgres`) instead of the claims_db file, which still builds the data and the eval suites.
    claims_db_url: str | None = None
    # Caps on what one request may consume (OWASP LLM10; each has a test in tests/security/).
    max_question_chars: int = 4000
    max_history_chars: int = 8000  # conversation fed back to the agent (also at most memory_turns turns)
    max_tool_iters: int = 6  # ReAct steps per answer
    max_llm_calls_per_answer: int = 16  # LM requests per answer, cache hits and parse retries included

    @field_validator("claims_db_url")
    @classmethod
    def _postgres_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must be a postgresql://user@host:port/database URL, or empty for the DuckDB file")
        return value or None

    @model_validator(mode="after")
    def _derive_paths(self) -> Settings:
        self.data_dir = _absolute(self.data_dir)
        self.claims_db = _absolute(self.claims_db or self.data_dir / "claims.duckdb")
        self.app_db = _absolute(self.app_db or self.data_dir / "app.sqlite")
        self.chroma_dir = _absolute(self.chroma_dir or self.data_dir / "chroma")
        self.cache_dir = _absolute(self.cache_dir or self.data_dir / "cache")
        self.knowledge_dir = _absolute(self.knowledge_dir)
        self.prompts_dir = _absolute(self.prompts_dir)
        self.datasets_dir = _absolute(self.datasets_dir)
        self.gates_file = _absolute(self.gates_file)
        if self.mlflow_tracking_uri is None:
            self.mlflow_tracking_uri = f"sqlite:///{self.data_dir / 'mlflow.db'}"
        return self

    @cached_property
    def resolved_model(self) -> str:
        """The model to use: the configured one, else an API model when a key is set, else offline."""
        if self.model:
            return self.model
        return DEFAULT_API_MODEL if self.openai_api_key else OFFLINE_MODEL

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the given fields replaced (``None`` values are ignored), re-validated."""
        values = {k: v for k, v in overrides.items() if v is not None}
        if not values:
            return self
        merged = self.model_dump() | values
        # Derived paths must be derived again from the new data_dir unless set explicitly.
        if "data_dir" in values:
            for name in ("claims_db", "app_db", "chroma_dir", "cache_dir", "mlflow_tracking_uri"):
                if name not in values:
                    merged[name] = None
        return Settings(**merged)


def _absolute(path: Path) -> Path:
    path = Path(path).expanduser()
    return path if path.is_absolute() else (PROJECT_ROOT / path)


def secret_from_env(name: str) -> str | None:
    """The value of the environment variable ``name``, or None when it is unset or empty.

    For secrets the user names on the command line, such as ``db import --secret-env VAR``.
    """
    import os

    return os.environ.get(name) or None
