"""The committed JSON Schemas describe the models as they are now."""

from __future__ import annotations

from bulletin.schemas.export import MODELS, SCHEMA_DIR, render


def test_exported_schemas_are_current() -> None:
    stale = [
        name
        for name, model in MODELS.items()
        if not (SCHEMA_DIR / f"{name}.schema.json").is_file()
        or (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8") != render(model)
    ]
    assert not stale, f"stale JSON Schema for {stale}: run `python -m schemas.export`"
