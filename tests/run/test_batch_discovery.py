"""Discovery: recursive, case-insensitive extensions, skipped files listed, stable order."""

from __future__ import annotations

from pathlib import Path

from bulletin.run.discovery import discover


def _touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")


def test_recursive_case_insensitive_and_sorted(tmp_path: Path) -> None:
    _touch(tmp_path, "z.PDF", "a/b/scan.TIFF", "a/p.Jpeg", "a/q.jpg", "m.png", "t.tif", "u.Pdf")
    files, skipped = discover([tmp_path])
    assert [f.source for f in files] == [
        "a/b/scan.TIFF", "a/p.Jpeg", "a/q.jpg", "m.png", "t.tif", "u.Pdf", "z.PDF",
    ]
    assert skipped == []


def test_other_files_are_skipped_with_a_reason(tmp_path: Path) -> None:
    _touch(tmp_path, "a.pdf", "notes.docx", "sub/README", ".hidden.pdf", ".git/x.pdf")
    files, skipped = discover([tmp_path])
    assert [f.source for f in files] == ["a.pdf"]
    assert [(s.source, s.reason) for s in skipped] == [
        ("notes.docx", "not a PDF, PNG, JPEG or TIFF file (extension '.docx'); skipped"),
        ("sub/README", "not a PDF, PNG, JPEG or TIFF file (extension '(none)'); skipped"),
    ]


def test_output_folder_inside_input_is_ignored(tmp_path: Path) -> None:
    _touch(tmp_path, "a.pdf", "out/json/a.pdf.json", "out/x.png")
    files, skipped = discover([tmp_path], exclude=[tmp_path / "out"])
    assert [f.source for f in files] == ["a.pdf"] and skipped == []


def test_explicit_file_is_offered_whatever_its_extension(tmp_path: Path) -> None:
    _touch(tmp_path, "scan.dat")
    files, _ = discover([tmp_path / "scan.dat"])
    assert [f.source for f in files] == ["scan.dat"]


def test_two_files_with_one_source_name_are_not_merged(tmp_path: Path) -> None:
    _touch(tmp_path, "one/a.pdf", "two/a.pdf")
    files, skipped = discover([tmp_path / "one", tmp_path / "two", tmp_path / "one"])
    assert [f.path for f in files] == [tmp_path / "one/a.pdf"]
    assert len(skipped) == 1 and "same source name" in (skipped[0].reason or "")


def test_order_does_not_depend_on_argument_order(tmp_path: Path) -> None:
    _touch(tmp_path, "x/b.pdf", "y/a.pdf")
    forward, _ = discover([tmp_path / "x", tmp_path / "y"])
    backward, _ = discover([tmp_path / "y", tmp_path / "x"])
    assert forward == backward
