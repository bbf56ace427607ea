"""The kinds a table's columns are told apart by: the level of the place hierarchy a column
names, and the kind of value it holds. Plain enums, apart from the document models, so that
what only needs the words (the vocabularies, the settings, `bulletin --help`) does not build
the models."""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """Which level of the hierarchy a column's values belong to."""

    DISTRICT = "district"
    STREET = "street"
    COMMUNITY = "community"


class ValueKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    INTEGER = "integer"
