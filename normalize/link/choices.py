"""The registry strings a read name is scored against: each name and alias in its comparison
form, folded, and the entry owning it.

Kept as plain tuples, so that the run's own process parses and indexes a registry (once, for
every worker: run/shared.py) without loading numpy; the arrays scoring works on (scoring.py)
are made where names are scored, once per process, on first use.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bulletin.normalize.link.names import fold_confusables

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class ChoiceArrays:
    plain: np.ndarray  # object array of str
    folded: np.ndarray  # object array of str
    owners: np.ndarray  # owners[i] = entry position of choice i (non-decreasing)


@dataclass(frozen=True)
class Choices:
    """Normalised names and aliases grouped by entry (name first), folded, with their owners."""

    plain: tuple[str, ...]
    folded: tuple[str, ...]
    owners: tuple[int, ...]
    entries: int

    @classmethod
    def build(cls, plain: Sequence[str], starts: Sequence[int]) -> Choices:
        """`starts[k]`: where entry k's strings begin in `plain` (ascending, from 0)."""
        ends = [*starts[1:], len(plain)]
        owners = tuple(e for e, (a, b) in enumerate(zip(starts, ends, strict=True))
                       for _ in range(a, b))
        folded = tuple(fold_confusables(c) for c in plain)
        return cls(tuple(plain), folded, owners, len(starts))

    @functools.cached_property
    def arrays(self) -> ChoiceArrays:
        import numpy as np

        return ChoiceArrays(np.asarray(self.plain, dtype=object),
                            np.asarray(self.folded, dtype=object),
                            np.asarray(self.owners, dtype=np.intp))

    def __getstate__(self) -> dict[str, Any]:
        """The arrays are made again where the registry is unpickled."""
        return {k: v for k, v in self.__dict__.items() if k != "arrays"}
