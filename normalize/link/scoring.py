"""Batch similarity scores between read names and registry entries (rapidfuzz, vectorised).

The score is built for short Chinese names, where one wrong character is a different place
(滨河街道 vs 滨海街道 score 75, below any sensible acceptance threshold), while a character that
OCR commonly misreads (乌/鸟) should cost little. Both strings are compared twice with the Indel
ratio: as normalised text (`plain`) and with confusable characters folded (`folded`); the score is
`plain + CONFUSION_CREDIT * (folded - plain)`, i.e. a confusable substitution gives back most of
the points a plain substitution loses.

Scoring is two rapidfuzz calls per chunk of queries: `process.cdist` (folded, with a cutoff, over
all choices) and `process.cpdist` (plain, only on the pairs that passed). Results stay sparse
(row, entry, score) triplets, so a 50,000-entry registry costs memory only for the close pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from bulletin.normalize.link.choices import Choices
from bulletin.normalize.link.names import fold_confusables

CONFUSION_CREDIT = 0.8  # share of the points lost to a confusable substitution given back
DEFAULT_CHUNK = 512  # query rows per cdist call: bounds memory at CHUNK x choices float32
MIN_CUTOFF = 1.0  # a zero cutoff would keep every pair and defeat the sparse representation


@dataclass(frozen=True)
class Sparse:
    """Scores at or above the cutoff as (query row, entry, score); each pair appears once."""

    rows: np.ndarray
    entries: np.ndarray
    scores: np.ndarray

    def dense(self, n_rows: int, n_entries: int) -> np.ndarray:
        matrix = np.zeros((n_rows, n_entries), dtype=np.float32)
        matrix[self.rows, self.entries] = self.scores
        return matrix


def score(queries: Sequence[str], choices: Choices, *, cutoff: float, workers: int = 1) -> Sparse:
    """Best score per (query, entry) over the entry's name and aliases; queries are normalised.

    The matrix pass only filters (uint8 output, a quarter of the memory and of the scan); the
    exact folded and plain ratios are then computed for the surviving pairs. `processor=None` is
    passed on purpose: names are normalised once each, not once per pair.
    """
    cutoff = max(cutoff, MIN_CUTOFF)
    if not len(queries) or not choices.plain:
        return _empty()
    arrays = choices.arrays
    folded_q = np.asarray([fold_confusables(q) for q in queries], dtype=object)
    passed = process.cdist(
        folded_q, arrays.folded, scorer=fuzz.ratio, processor=None,
        score_cutoff=cutoff, dtype=np.uint8, workers=workers,
    )
    rows, cols = np.divmod(np.flatnonzero(passed), passed.shape[1])
    if rows.size == 0:
        return _empty()
    folded = _pair_scores(folded_q[rows], arrays.folded[cols], workers)
    plain = _pair_scores(np.asarray(queries, dtype=object)[rows], arrays.plain[cols], workers)
    combined = plain + CONFUSION_CREDIT * (folded - plain)
    return _best_per_entry(rows, arrays.owners[cols], combined.astype(np.float32))


def _pair_scores(left: np.ndarray, right: np.ndarray, workers: int) -> np.ndarray:
    """Indel ratio of left[i] vs right[i] (object arrays of normalised str)."""
    return np.asarray(process.cpdist(
        list(left), list(right), scorer=fuzz.ratio, processor=None, dtype=np.float32,
        workers=workers,
    ))


def _best_per_entry(rows: np.ndarray, entries: np.ndarray, scores: np.ndarray) -> Sparse:
    """Keep the best choice of each (row, entry): an entry scores as its best name or alias."""
    order = np.lexsort((-scores, entries, rows))
    rows, entries, scores = rows[order], entries[order], scores[order]
    first = np.ones(rows.size, dtype=bool)
    first[1:] = (rows[1:] != rows[:-1]) | (entries[1:] != entries[:-1])
    return Sparse(rows[first], entries[first], scores[first])


def _empty() -> Sparse:
    return Sparse(np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0, np.float32))


def top_k(sparse: Sparse, n_rows: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k best entries of every row, best first (ties: lower entry first); -1 / 0 pads."""
    idx = np.full((n_rows, k), -1, dtype=np.intp)
    best = np.zeros((n_rows, k), dtype=np.float32)
    order = np.lexsort((sparse.entries, -sparse.scores, sparse.rows))
    rows = sparse.rows[order]
    rank = np.arange(rows.size) - np.searchsorted(rows, rows, side="left")
    keep = rank < k
    idx[rows[keep], rank[keep]] = sparse.entries[order][keep]
    best[rows[keep], rank[keep]] = sparse.scores[order][keep]
    return idx, best


def best_entries(
    queries: Sequence[str], choices: Choices, *, k: int = 3, cutoff: float = 60.0,
    workers: int = -1, chunk: int = DEFAULT_CHUNK,
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k entries per query for large inputs, scored in chunks of `chunk` queries."""
    idx_parts, score_parts = [np.zeros((0, k), np.intp)], [np.zeros((0, k), np.float32)]
    for lo in range(0, len(queries), chunk):
        batch = queries[lo:lo + chunk]
        idx, sc = top_k(score(batch, choices, cutoff=cutoff, workers=workers), len(batch), k)
        idx_parts.append(idx)
        score_parts.append(sc)
    return np.vstack(idx_parts), np.vstack(score_parts)
