"""A red seal stamped over a status column on a blurred, JPEG'd scan: seal ink is never
read into a cell as characters. Where the lifted seal leaves a stroke that is read with the
word (`是=`), the cell offers its text without that residue as another reading, which
normalize may take for a status column (flagged for review); a cell read right stays as it
is. The seal and the degradation are the sample generator's own (samples/gen)."""

from __future__ import annotations

import sys

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from bulletin.extract.scan.page import read_raster
from bulletin.extract.scan.raster import Raster
from bulletin.schemas.extracted import GridCell
from bulletin.schemas.settings import Settings
from goldens import SAMPLES

sys.path.insert(0, str(SAMPLES))
from gen.fonts import FONT_FILES  # noqa: E402 - samples/ is not a package
from gen.seal import seal_mask, stamp  # noqa: E402

ROWS = [["序号", "是否完工", "金额"], ["1", "否", "12.5"], ["2", "是", "8.0"]]
XS, YS = [100, 300, 700, 1000], [150, 250, 350, 450]


def _table_page() -> np.ndarray:
    path, index = FONT_FILES["uming"]
    font = ImageFont.truetype(path, 34, index=index or 0)
    image = Image.new("RGB", (1200, 700), "white")
    draw = ImageDraw.Draw(image)
    for x in XS:
        draw.line([(x, YS[0]), (x, YS[-1])], fill="black", width=3)
    for y in YS:
        draw.line([(XS[0], y), (XS[-1], y)], fill="black", width=3)
    for r, texts in enumerate(ROWS):
        for c, text in enumerate(texts):
            at = ((XS[c] + XS[c + 1]) / 2, (YS[r] + YS[r + 1]) / 2)
            draw.text(at, text, font=font, fill="black", anchor="mm")
    return np.array(image)


def _sealed(seed: int, cx: int, cy: int) -> np.ndarray:
    path, index = FONT_FILES["uming"]
    rng = np.random.default_rng(seed)
    mask = seal_mask(330, "乌海市住房和城乡建设局", path, rng, font_index=index or 0)
    page = cv2.GaussianBlur(stamp(_table_page(), mask, cx, cy, 12.0), (0, 0), 1.2)
    _, jpeg = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 55])
    decoded = cv2.imdecode(jpeg, cv2.IMREAD_UNCHANGED)
    assert decoded is not None
    return np.asarray(decoded, np.uint8)


def _status_cells(seed: int, cx: int, cy: int) -> list[GridCell]:
    content = read_raster(Raster(_sealed(seed, cx, cy), 200.0, 1), Settings())
    assert len(content.seals) == 1
    (grid,) = content.grids
    return [c for c in grid.cells if c.col == 1 and c.row >= 1]


@pytest.mark.parametrize(("seed", "cx", "cy"), [(3, 500, 300), (9, 540, 280), (11, 470, 310)])
def test_seal_ink_is_not_read_as_characters(seed: int, cx: int, cy: int) -> None:
    for cell, word in zip(_status_cells(seed, cx, cy), ("否", "是"), strict=True):
        chances = [cell.text, *(r.text for r in cell.readings)]
        assert word in chances, (cell.text, cell.readings)
        assert set(cell.text) <= {word, "=", ".", " "}, cell.text  # no seal character
