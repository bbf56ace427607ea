"""bulletin: government bulletins (PDF and scans) -> hierarchical, registry-linked datasets.

The public API is what this module offers; everything is imported on first use, so that
`import bulletin` (and `bulletin --help`) stays quick:

    import bulletin
    result = bulletin.convert(["bulletin.pdf"], registry="registry.csv")
    result.communities                       # DataFrame with communities.csv's columns
    data = bulletin.read_dataset("out")      # {"communities": DataFrame, ...} of a folder
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Conversion", "__version__", "convert", "read_dataset", "read_table"]


def __getattr__(name: str) -> Any:
    if name in ("read_dataset", "read_table"):
        from bulletin.output import readers

        return getattr(readers, name)
    if name in ("convert", "Conversion"):
        from bulletin import api

        return getattr(api, name)
    raise AttributeError(f"module 'bulletin' has no attribute {name!r}")
