"""What kind of file this is, judged by its bytes (extensions lie), and refusing bad ones early."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from schemas.errors import InputError


class InputKind(StrEnum):
    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"


EXTENSIONS: dict[str, InputKind] = {
    ".pdf": InputKind.PDF,
    ".png": InputKind.PNG,
    ".jpg": InputKind.JPEG,
    ".jpeg": InputKind.JPEG,
    ".tif": InputKind.TIFF,
    ".tiff": InputKind.TIFF,
}

_MAGIC: list[tuple[bytes, InputKind]] = [
    (b"\x89PNG\r\n\x1a\n", InputKind.PNG),
    (b"\xff\xd8\xff", InputKind.JPEG),
    (b"II*\x00", InputKind.TIFF),
    (b"MM\x00*", InputKind.TIFF),
]


def detect_kind(path: Path) -> tuple[InputKind, list[str]]:
    """The file's real kind and any warnings (e.g. an extension that does not match)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=str(path)) from exc
    if not head:
        raise InputError("empty file (0 bytes)", file=str(path))
    kind = _kind_from_bytes(head)
    if kind is None:
        raise InputError("not a PDF, PNG, JPEG or TIFF file (unrecognised content)", file=str(path))
    warnings = []
    expected = EXTENSIONS.get(path.suffix.lower())
    if expected is not None and expected != kind:
        warnings.append(
            f"extension {path.suffix} but content is {kind.value}; read as {kind.value}"
        )
    return kind, warnings


def _kind_from_bytes(head: bytes) -> InputKind | None:
    if b"%PDF-" in head:
        return InputKind.PDF
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return None
