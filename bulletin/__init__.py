"""bulletin: government bulletins (PDF and scans) -> hierarchical, registry-linked datasets."""

__version__ = "0.1.0"
