"""ALTO v4 (4.4) XML of one page: our reading as blocks, lines and words with boxes and confidences.

Measurements are in `inch1200` (1/1200 inch), exact from our PDF points and independent of any
image resolution. Running-text lines are TextBlocks; a table is a ComposedBlock of TYPE `table`
holding one TextBlock per cell; red seals are Illustrations of TYPE `seal`. Each String carries
its word confidence (WC, 0-1); SP separates words.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bulletin import __version__
from bulletin.archive.words import Block, Line, page_blocks
from bulletin.schemas.extracted import PageContent, TextSource
from bulletin.schemas.geometry import POINTS_PER_INCH, Box

NAMESPACE = "http://www.loc.gov/standards/alto/ns-v4#"
SCHEMA_LOCATION = "http://www.loc.gov/alto/v4/alto-4-4.xsd"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_UNIT = 1200 / POINTS_PER_INCH  # inch1200 per PDF point


def alto_page(page: PageContent, source: str, engine: str) -> bytes:
    """The ALTO document of one page; `engine` names the OCR engine of OCR'd pages."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(_q("alto"), {
        f"{{{_XSI}}}schemaLocation": f"{NAMESPACE} {SCHEMA_LOCATION}",
    })
    _description(ET.SubElement(root, _q("Description")), page, source, engine)
    layout = ET.SubElement(root, _q("Layout"))
    pid = f"P{page.number}"
    whole = Box.of(0, 0, page.width, page.height)
    page_el = ET.SubElement(layout, _q("Page"), {
        "ID": pid, "PHYSICAL_IMG_NR": str(page.number), **_size(whole),
    })
    space = ET.SubElement(page_el, _q("PrintSpace"), {**_position(whole), **_size(whole)})
    tables: dict[int, ET.Element] = {}
    counter = _Ids(pid)
    for block in page_blocks(page):
        parent = space
        if block.table is not None:
            parent = tables.get(block.table) or _table(space, page, block.table, counter, tables)
        _text_block(parent, block, counter)
    for seal in page.seals:
        ET.SubElement(space, _q("Illustration"), {
            "ID": counter.next("IL"), "TYPE": "seal", **_geometry(seal.box),
        })
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


class _Ids:
    """IDs unique within the page: P3_TB1, P3_TL2 ..."""

    def __init__(self, page_id: str) -> None:
        self.page_id = page_id
        self.counts: dict[str, int] = {}

    def next(self, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{self.page_id}_{kind}{self.counts[kind]}"


def _description(desc: ET.Element, page: PageContent, source: str, engine: str) -> None:
    ET.SubElement(desc, _q("MeasurementUnit")).text = "inch1200"
    info = ET.SubElement(desc, _q("sourceImageInformation"))
    ET.SubElement(info, _q("fileName")).text = source
    processing = ET.SubElement(desc, _q("OCRProcessing"), {"ID": "OCR_0"})
    step = ET.SubElement(processing, _q("ocrProcessingStep"))
    how = (f"OCR ({engine})" if page.text_source is TextSource.OCR
           else "the PDF's own text layer")  # fmt: skip
    description = ET.SubElement(step, _q("processingStepDescription"))
    description.text = f"page {page.number} read from {how}"
    software = ET.SubElement(step, _q("processingSoftware"))
    ET.SubElement(software, _q("softwareName")).text = "bulletin"
    ET.SubElement(software, _q("softwareVersion")).text = __version__


def _table(
    space: ET.Element, page: PageContent, index: int, ids: _Ids, tables: dict[int, ET.Element]
) -> ET.Element:
    grid = page.grids[index]
    tables[index] = ET.SubElement(space, _q("ComposedBlock"), {
        "ID": ids.next("CB"), "TYPE": "table", **_geometry(grid.box),
    })
    return tables[index]


def _text_block(parent: ET.Element, block: Block, ids: _Ids) -> None:
    element = ET.SubElement(parent, _q("TextBlock"), {"ID": ids.next("TB"),
                                                      **_geometry(block.box)})
    for line in block.lines:
        _text_line(element, line, ids)


def _text_line(parent: ET.Element, line: Line, ids: _Ids) -> None:
    element = ET.SubElement(parent, _q("TextLine"), {"ID": ids.next("TL"),
                                                     **_geometry(line.box)})
    for i, word in enumerate(line.words):
        if i:
            ET.SubElement(element, _q("SP"))
        ET.SubElement(element, _q("String"), {
            "ID": ids.next("ST"), "CONTENT": word.text, **_geometry(word.box),
            "WC": f"{word.confidence:.3f}",
        })


def _q(tag: str) -> str:
    return f"{{{NAMESPACE}}}{tag}"


def _n(points: float) -> str:
    return f"{points * _UNIT:.1f}"


def _position(box: Box) -> dict[str, str]:
    return {"HPOS": _n(box.x0), "VPOS": _n(box.top)}


def _size(box: Box) -> dict[str, str]:
    return {"WIDTH": _n(box.width), "HEIGHT": _n(box.height)}


def _geometry(box: Box) -> dict[str, str]:
    return {"HEIGHT": _n(box.height), "WIDTH": _n(box.width), **_position(box)}
