"""Export the JSON Schema of every published model into schemas/json/.

Run `python -m schemas.export` after changing a model; a test fails when the files are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from bulletin.schemas.document import Document
from bulletin.schemas.extracted import ExtractedDocument
from bulletin.schemas.report import RunReport
from bulletin.schemas.settings import Settings

SCHEMA_DIR = Path(__file__).parent / "json"
MODELS: dict[str, type[BaseModel]] = {
    "document": Document,
    "extracted": ExtractedDocument,
    "report": RunReport,
    "settings": Settings,
}


def render(model: type[BaseModel]) -> str:
    """The schema text exactly as it is committed (sorted keys, trailing newline)."""
    return (
        json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    )


def export(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in MODELS.items():
        path = directory / f"{name}.schema.json"
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in export():
        print(p)
