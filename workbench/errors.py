"""Errors a user can cause. Each message names the file, row or field and says how to fix it.

The CLI prints ``WorkbenchError`` in one line and exits non-zero; anything else is a bug.
"""


class WorkbenchError(Exception):
    """A problem the user can fix (bad input, missing data, bad configuration)."""


class ConfigError(WorkbenchError):
    """Settings are missing or invalid."""


class DataError(WorkbenchError):
    """A data file (database, dataset, markdown, YAML) is missing or malformed."""


class UnknownUserError(WorkbenchError):
    """The signed-in user does not exist in the claims database."""


class LLMError(WorkbenchError):
    """An LLM call failed after retries, or the model is misconfigured."""
