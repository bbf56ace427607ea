"""A grid's header rows -> columns, and what each body row is (data, total, subtotal, note).

Header height comes from geometry: a header cell that spans two rows means a two-row grouped
header; a row of sub-labels under a cell spanning several columns belongs to the header too,
and so does a row that holds only traditional Mongolian (bilingual headers print a Mongolian
label row of its own). A Mongolian line inside a header cell is kept on the column as its
`label_mongolian` (text from a text layer, or the regions a scan found in the cell: box and
crop), never used to match the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bulletin.normalize.table.labels import label_key, match_grouped
from bulletin.normalize.table.values import looks_typed
from bulletin.schemas.document import Column, Level, ValueKind
from bulletin.schemas.extracted import Grid, GridCell, ScriptRegion
from bulletin.schemas.text import is_mongolian_script
from bulletin.schemas.vocabulary import Vocabulary

MAX_HEADER_ROWS = 4


@dataclass(frozen=True)
class Header:
    start: int  # first header row (rows above it are title rows inside the grid)
    height: int
    columns: tuple[Column, ...]

    @property
    def body_start(self) -> int:
        return self.start + self.height

    def index_of(self, field: str) -> int | None:
        for i, c in enumerate(self.columns):
            if c.field == field:
                return i
        return None

    @property
    def understood(self) -> int:
        """How many columns' labels were understood."""
        return sum(1 for c in self.columns if c.known)


Matrix = list[list[GridCell | None]]


def read_header(grid: Grid, vocab: Vocabulary) -> Header | None:
    """The header rows of a grid and its columns (labels matched where understood); None for
    a grid too small to hold a header over a body."""
    if grid.n_rows < 2 or grid.n_cols < 2:
        return None
    matrix = grid.rows()
    start = 0
    while start < grid.n_rows - 1 and _is_title_row(matrix[start], grid.n_cols):
        start += 1
    if start >= grid.n_rows - 1:
        return None
    height = _header_height(matrix, start, grid.n_rows)
    columns = tuple(_column(matrix, start, height, c, vocab) for c in range(grid.n_cols))
    return Header(start=start, height=height, columns=columns)


def _is_title_row(row: list[GridCell | None], n_cols: int) -> bool:
    cells = {id(c) for c in row if c is not None}
    return n_cols > 1 and len(cells) == 1


def _header_height(matrix: Matrix, start: int, n_rows: int) -> int:
    """Rows spanned by the first header row's cells, then any sub-label or Mongolian-only
    rows below them; at least one body row is always left."""
    limit = min(MAX_HEADER_ROWS, n_rows - start - 1)
    spans = [c.rowspan for c in matrix[start] if c is not None and c.text.strip()]
    height = max(1, min(max(spans, default=1), limit))
    while height < limit and _continues_header(matrix, start, start + height):
        height += 1
    return height


def _continues_header(matrix: Matrix, start: int, r: int) -> bool:
    """Row `r` still belongs to the header: it holds only Mongolian (or nothing but cells
    carried down from above) over a body with text, or it splits a header cell spanning
    several columns into sub-labels, and none of its cells is a typed value."""
    own = [c for c in matrix[r] if c is not None and c.row == r]
    texts = [c.text.strip() for c in own if c.text.strip()]
    if any(looks_typed(t) for t in texts):
        return False
    if texts and all(all(is_mongolian_script(ch) or ch.isspace() for ch in t) for t in texts):
        return True
    if not texts and any(c.script_regions for c in own):
        return _text_below(matrix, r)  # a scan's Mongolian label row, over a body with text
    above = matrix[r - 1]
    grouped = {id(c) for c in above if c is not None and c.colspan > 1 and c.row >= start}
    under_group = [c for c in own if any(id(above[k]) in grouped for k in _cols(c))]
    return bool(texts) and len(under_group) >= 2 and len(under_group) == len(own)


def _text_below(matrix: Matrix, r: int) -> bool:
    """Whether a row below `r` holds text: a table set all in Mongolian (a scan's cells hold
    regions only) has no label row of the script, its rows are all alike."""
    return any(c is not None and c.text.strip() for row in matrix[r + 1 :] for c in row)


def _cols(cell: GridCell) -> range:
    return range(cell.col, cell.col + cell.colspan)


def _column(matrix: Matrix, start: int, height: int, col: int, vocab: Vocabulary) -> Column:
    parts: list[str] = []
    mongolian: list[str] = []
    regions: list[ScriptRegion] = []
    seen: set[int] = set()
    for r in range(start, start + height):
        cell = matrix[r][col]
        if cell is None or id(cell) in seen:
            continue
        seen.add(id(cell))
        chinese, mongol = split_mongolian(cell.text)
        if chinese:
            parts.append(chinese)
        if mongol:
            mongolian.append(mongol)
        regions.extend(cell.script_regions)
        mongolian.extend(t.text for t in cell.script_regions if t.text)
    match, printed = match_grouped(parts, vocab)
    mongol_text = " ".join(mongolian) or None
    if match is None:
        label = printed or f"column_{col + 1}"
        return Column(field=label, label=label, level=Level.COMMUNITY, kind=ValueKind.TEXT,
                      known=False, label_mongolian=mongol_text,
                      label_mongolian_regions=regions)  # fmt: skip
    spec = match.spec
    return Column(field=spec.field, label=printed, level=spec.level, kind=spec.kind, known=True,
                  how=match.how, label_mongolian=mongol_text,
                  label_mongolian_regions=regions)  # fmt: skip


def split_mongolian(text: str) -> tuple[str, str]:
    """(text without Mongolian, the Mongolian part) of one header cell."""
    chinese = "".join(ch for ch in text if not is_mongolian_script(ch)).strip()
    mongol = "".join(ch for ch in text if is_mongolian_script(ch) or ch == " ").strip()
    return chinese, mongol if any(is_mongolian_script(c) for c in mongol) else ""


def is_total_label(text: str, vocab: Vocabulary) -> bool:
    """The label cell of a table's total row (合计, 全旗合计, 总 计 ...)."""
    return _is_row_label(label_key(text), vocab.totals)


def is_subtotal_label(text: str, vocab: Vocabulary) -> bool:
    """The label of a subtotal row (小计, or a unit's name followed by 小计)."""
    return _is_row_label(label_key(text), vocab.subtotals)


def _is_row_label(key: str, labels: tuple[str, ...]) -> bool:
    """The label itself, or a short name before it (全旗合计, 达拉特旗小计)."""
    return any(key == w or (key.endswith(w) and len(key) <= len(w) + 8) for w in labels)


class RowKind(StrEnum):
    BODY = "body"
    TOTAL = "total"  # 合计: the table total
    SUBTOTAL = "subtotal"  # 小计: a district's own sum, derivable, not a community
    NOTE = "note"  # one cell across the whole table (注：...)


def row_kind(row: list[GridCell | None], header: Header, vocab: Vocabulary) -> RowKind:
    """What a body row is. The total row is known by its label or, when the label was
    misread, by one cell spanning from the top key column (district, else street) across the
    community column, which no community row has."""
    cells = [c for c in row if c is not None]
    if len({id(c) for c in cells}) == 1 and len(row) > 1:
        return RowKind.NOTE
    labels = [c.text for c in cells if c.text.strip() and not looks_typed(c.text)]
    if any(is_subtotal_label(t, vocab) for t in labels):
        return RowKind.SUBTOTAL
    if any(is_total_label(t, vocab) for t in labels):
        return RowKind.TOTAL
    community = header.index_of("community")
    key = header.index_of("district")
    key = key if key is not None else header.index_of("street")
    if community is not None and key is not None and row[key] is not None:
        if row[key] is row[community]:
            return RowKind.TOTAL
    return RowKind.BODY
