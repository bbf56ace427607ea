"""Batch similarity scores between read names and registry entries (rapidfuzz, vectorised).

The score is built for short Chinese names, where one wrong character is a different place
(滨河街道 vs 滨海街道 score 75, below any sensible acceptance threshold), while a character that
OCR commonly misreads (乌/鸟) should cost little. Both strings are compared twice with the Indel
ratio: as normalised text (`plain`) and with confusable characters folded (`folded`); the score is
`plain + CONFUSION_CREDIT * (folded - plain)`, i.e. a confusable substitution gives back most of
the points a plain substitution loses. All scoring goes through `process.cdist` (matrix) and
`process.cpdist` (pairs); no Python loop over pairs.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from normalize.names import fold_confusables

CONFUSION_CREDIT = 0.8  # share of the points lost to a confusable substitution given back
DEFAULT_CHUNK = 512  # query rows per cdist call: bounds memory at CHUNK x choices float32


def choice_scores(
    queries: Sequence[str],
    choices: Sequence[str],
    folded_choices: Sequence[str],
    *,
    cutoff: float = 0.0,
    workers: int = 1,
) -> np.ndarray:
    """Score matrix (len(queries) x len(choices), float32) of normalised queries vs choices.

    Scores below `cutoff` (on the folded comparison) are 0. Inputs are already normalised, so
    `processor=None` is passed on purpose: normalising once per name beats once per pair.
    """
    if not queries or not choices:
        return np.zeros((len(queries), len(choices)), dtype=np.float32)
    folded_q = [fold_confusables(q) for q in queries]
    scores = process.cdist(
        folded_q, folded_choices, scorer=fuzz.ratio, processor=None,
        score_cutoff=cutoff, dtype=np.float32, workers=workers,
    )
    rows, cols = np.nonzero(scores)
    if rows.size:
        plain = process.cpdist(
            [queries[r] for r in rows], [choices[c] for c in cols],
            scorer=fuzz.ratio, processor=None, dtype=np.float32, workers=workers,
        )
        folded = scores[rows, cols]
        scores[rows, cols] = plain + CONFUSION_CREDIT * (folded - plain)
    return scores


def entry_scores(choice_matrix: np.ndarray, starts: Sequence[int]) -> np.ndarray:
    """Reduce a matrix over choices to one over entries: each entry keeps its best choice."""
    if choice_matrix.shape[1] == 0 or not starts:
        return np.zeros((choice_matrix.shape[0], len(starts)), dtype=np.float32)
    return np.maximum.reduceat(choice_matrix, np.asarray(starts, dtype=np.intp), axis=1)


def top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices and scores of the k best columns of every row, best first (ties by index)."""
    k = min(k, scores.shape[1])
    if k == 0:
        empty = np.zeros((scores.shape[0], 0))
        return empty.astype(np.intp), empty.astype(np.float32)
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    part_scores = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -part_scores), axis=1)
    idx = np.take_along_axis(part, order, axis=1)
    return idx, np.take_along_axis(scores, idx, axis=1)


def best_entries(
    queries: Sequence[str],
    choices: Sequence[str],
    folded_choices: Sequence[str],
    starts: Sequence[int],
    *,
    k: int = 3,
    cutoff: float = 0.0,
    workers: int = -1,
    chunk: int = DEFAULT_CHUNK,
) -> tuple[np.ndarray, np.ndarray]:
    """Top-k entries per query for large inputs, scored in chunks of `chunk` queries."""
    idx_parts, score_parts = [], []
    for lo in range(0, len(queries), chunk):
        batch = queries[lo:lo + chunk]
        matrix = choice_scores(batch, choices, folded_choices, cutoff=cutoff, workers=workers)
        idx, sc = top_k(entry_scores(matrix, starts), k)
        idx_parts.append(idx)
        score_parts.append(sc)
    if not idx_parts:
        return np.zeros((0, k), dtype=np.intp), np.zeros((0, k), dtype=np.float32)
    return np.vstack(idx_parts), np.vstack(score_parts)
