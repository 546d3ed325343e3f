"""Claims data: the DuckDB schema, a deterministic sample-data generator and user-scoped queries."""

from workbench.claims.generator import AS_OF, SampleSize, generate
from workbench.claims.store import (
    Balance,
    Claim,
    ClaimsStore,
    Employee,
    PolicyRow,
    UserClaims,
    build_database,
)

__all__ = ["AS_OF", "Balance", "Claim", "ClaimsStore", "Employee", "PolicyRow", "SampleSize",
           "UserClaims", "build_database", "generate"]
