"""The table metric Camelot scores itself with on ICDAR 2013, re-implemented from its
description (camelot-dev/camelot `bench/_metrics.py` and `bench/benchmark_icdar.py`, MIT):

- ground truth: each `<region>` of an ICDAR `-str.xml` is one table, a grid with each cell's
  text at its start row/column (slots a span covers stay blank);
- a prediction is the same kind of grid (Camelot's `table.df`; for us, a `Grid` with each
  cell's text in its top-left slot);
- tables on a page are matched in order; detection F1 counts tables per page;
- per matched table, `teds` is difflib's SequenceMatcher ratio between the row-major
  sequences of cell texts (whitespace collapsed, lower-cased), times a shape factor
  1 - (|rows - rows'| + |cols - cols'|) / (rows + cols + rows' + cols' + 1);
- per document: F1, mean `teds` over matched tables, and the share of matched tables whose
  row (column) count is exact.
"""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as ET
from pathlib import Path

from bulletin.schemas.extracted import Grid

Table = list[list[str]]
PerPage = dict[int, list[Table]]


def icdar_truth(xml_path: Path) -> PerPage:
    """Tables of an ICDAR `-str.xml` per 1-based page, placed as Camelot's benchmark does
    (a negative start row indexes from the end, as a Python list does there)."""
    out: PerPage = {}
    root = ET.parse(xml_path).getroot()  # noqa: S314 - our own committed fixture
    for region in root.iter("region"):
        placed = []
        max_r = max_c = 0
        for cell in region.findall("cell"):
            r, c = int(cell.get("start-row", "0")), int(cell.get("start-col", "0"))
            content = cell.find("content")
            text = (content.text or "") if content is not None else ""
            placed.append((r, c, " ".join(text.split())))
            max_r, max_c = max(max_r, r), max(max_c, c)
        grid = [["" for _ in range(max_c + 1)] for _ in range(max_r + 1)]
        for r, c, text in placed:
            grid[r][c] = text
        out.setdefault(int(region.get("page", "1")), []).append(grid)
    return out


def grid_table(grid: Grid) -> Table:
    rows = [["" for _ in range(grid.n_cols)] for _ in range(grid.n_rows)]
    for cell in grid.cells:
        rows[cell.row][cell.col] = cell.text
    return rows


def _norm(text: str) -> str:
    return " ".join(str(text or "").split()).lower()


def simple_teds(pred: Table, truth: Table) -> float:
    p = [_norm(c) for row in pred for c in row]
    g = [_norm(c) for row in truth for c in row]
    if not p and not g:
        return 1.0
    content = difflib.SequenceMatcher(None, p, g).ratio()
    pr, pc = len(pred), max((len(r) for r in pred), default=0)
    gr, gc = len(truth), max((len(r) for r in truth), default=0)
    return content * (1.0 - (abs(pr - gr) + abs(pc - gc)) / (pr + pc + gr + gc + 1))


def score(pred: PerPage, truth: PerPage) -> dict[str, float]:
    tp = fp = fn = 0
    teds: list[float] = []
    rows_ok = cols_ok = 0
    for page in set(truth) | set(pred):
        gts, preds = truth.get(page, []), pred.get(page, [])
        tp += min(len(gts), len(preds))
        fp += max(0, len(preds) - len(gts))
        fn += max(0, len(gts) - len(preds))
        for g, p in zip(gts, preds, strict=False):
            teds.append(simple_teds(p, g))
            rows_ok += len(p) == len(g)
            cols_ok += max((len(r) for r in p), default=0) == max((len(r) for r in g), default=0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    n = len(teds)
    return {
        "f1": f1,
        "teds": sum(teds) / n if n else 0.0,
        "row": rows_ok / n if n else 0.0,
        "col": cols_ok / n if n else 0.0,
    }
