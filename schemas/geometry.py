"""Boxes in one coordinate space: PDF points (1/72 inch), origin at the page's top-left.

Pixels from scans are converted exactly once, in `Box.from_pixels`, so every later stage
compares like with like whatever the input was.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator

POINTS_PER_INCH = 72.0


class Box(BaseModel):
    """Axis-aligned rectangle in PDF points, top-left origin (x grows right, y grows down)."""

    model_config = ConfigDict(frozen=True)

    x0: float
    top: float
    x1: float
    bottom: float

    @model_validator(mode="after")
    def _ordered(self) -> "Box":
        if self.x0 > self.x1 or self.top > self.bottom:
            raise ValueError(f"box corners out of order: {self.as_list()}")
        return self

    @classmethod
    def of(cls, x0: float, top: float, x1: float, bottom: float) -> "Box":
        """Build a box rounded to 0.01 pt so that serialised output is stable across runs."""
        return cls(x0=round(x0, 2), top=round(top, 2), x1=round(x1, 2), bottom=round(bottom, 2))

    @classmethod
    def from_pixels(cls, x0: float, y0: float, x1: float, y1: float, dpi: float) -> "Box":
        """The single conversion from image pixels at `dpi` to PDF points."""
        scale = POINTS_PER_INCH / dpi
        return cls.of(x0 * scale, y0 * scale, x1 * scale, y1 * scale)

    def to_pixels(self, dpi: float) -> tuple[int, int, int, int]:
        scale = dpi / POINTS_PER_INCH
        return (
            int(round(self.x0 * scale)),
            int(round(self.top * scale)),
            int(round(self.x1 * scale)),
            int(round(self.bottom * scale)),
        )

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> tuple[float, float]:
        return ((self.x0 + self.x1) / 2, (self.top + self.bottom) / 2)

    def contains_point(self, x: float, y: float, tolerance: float = 0.0) -> bool:
        return (
            self.x0 - tolerance <= x <= self.x1 + tolerance
            and self.top - tolerance <= y <= self.bottom + tolerance
        )

    def union(self, other: "Box") -> "Box":
        return Box.of(
            min(self.x0, other.x0),
            min(self.top, other.top),
            max(self.x1, other.x1),
            max(self.bottom, other.bottom),
        )

    def intersection_area(self, other: "Box") -> float:
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        return w * h if w > 0 and h > 0 else 0.0

    def as_list(self) -> list[float]:
        return [self.x0, self.top, self.x1, self.bottom]
