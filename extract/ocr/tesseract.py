"""Tesseract through its CLI: one process per page (or per strip of cell crops), never per cell.

Called with an argument list, a timeout and OMP_THREAD_LIMIT=1 in the child's environment:
on a 2-core machine tesseract's default OpenMP threading is ~6x slower than one thread. The
image goes in on stdin and TSV comes back on stdout, so no files are written.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from functools import lru_cache

import cv2
import numpy as np
import pytesseract

from bulletin.extract.ocr import lifetime
from bulletin.extract.ocr.base import DIGITS, OcrEngine
from bulletin.extract.ocr.strip import pack, slot_of
from bulletin.extract.ocr.tsv import PixelWord, parse_tsv, text_and_confidence
from bulletin.schemas.errors import EngineMissingError, OcrError

_GAP = 24  # white pixels between crops on a strip
# Crops come cleaned (specks, rule residue and stray dots painted white), so tesseract's own
# noise rejection has nothing to remove; it dropped whole clean lines of complex Han
# characters (荣兴楼 read as nothing, alone or on a strip, at any scale).
_KEEP_ALL = ["-c", "textord_noise_rejwords=0", "-c", "textord_noise_rejrows=0"]
_HAN_LANGUAGES = ("chi_", "jpn", "kor")  # tesseract models with Han (or Hangul) characters


@lru_cache(maxsize=None)
def _installed_languages() -> frozenset[str]:
    return frozenset(pytesseract.get_languages(config=""))


def _require_languages(languages: str) -> None:
    """A missing traineddata makes tesseract fall back silently; name what is missing instead."""
    missing = sorted(set(languages.split("+")) - _installed_languages())
    if missing:
        have = ", ".join(sorted(_installed_languages())) or "none"
        raise EngineMissingError(
            f"tesseract has no {'+'.join(missing)} model (installed: {have}); "
            f"on Debian: apt-get install tesseract-ocr-{missing[0].replace('_', '-')}"
        )


def _require_tesseract(languages: str) -> str:
    """The tesseract program's path, once it and the models of `languages` are known present."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise EngineMissingError("the tesseract program is not on PATH")
    _require_languages(languages)
    return exe


class TesseractEngine(OcrEngine):
    name = "tesseract"

    @property
    def text_languages(self) -> str:
        """The languages line crops are read with: the Han ones of `languages` alone.

        With `chi_sim+eng` tesseract tries English on every word chi_sim is unsure of, and
        a person's name comes back Latin (曹慧贤 as `Wet`, 否 as `a`, 合计 as `Git`);
        chi_sim knows digits and Latin letters itself. Number cells read weakly get a
        second read with `-l eng` and a digit whitelist (extract/ocr/batch.py).
        """
        parts = self.languages.split("+")
        han = [p for p in parts if p.startswith(_HAN_LANGUAGES)]
        return "+".join(han or parts)

    def read_lines(
        self, crops: list[np.ndarray], dpi: float, digits: bool = False
    ) -> list[tuple[str, float]]:
        _require_tesseract(self.languages)  # all that were asked for, not only those used here
        results: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        args = ["-l", self.text_languages, "--psm", "6", *_KEEP_ALL]
        if digits:  # English alone loads faster and knows every digit
            args = ["-l", "eng", "--psm", "6", "-c", f"tessedit_char_whitelist={DIGITS}"]
        for canvas, slots in pack(crops, _GAP):
            found: dict[int, list[PixelWord]] = {s.index: [] for s in slots}
            for w in parse_tsv(self._run(canvas, dpi, args)):
                slot = slot_of(slots, (w.y0 + w.y1) / 2, _GAP)
                if slot is not None:
                    found[slot.index].append(w)
            for index, words in found.items():
                results[index] = text_and_confidence(words)
        return results

    def _run(self, image: np.ndarray, dpi: float, args: list[str]) -> str:
        """TSV of one tesseract run on `image` (`args` include -l); failures -> OcrError."""
        exe = _require_tesseract(args[args.index("-l") + 1])
        ok, png = cv2.imencode(".png", image, [cv2.IMWRITE_PNG_COMPRESSION, 1])
        if not ok:
            raise OcrError("could not encode the page image for tesseract")
        command = [exe, "stdin", "stdout", "--dpi", str(int(dpi)), *args, "tsv"]
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        try:
            done = subprocess.run(
                command,
                input=png.tobytes(),
                capture_output=True,
                timeout=self.timeout,
                env=env,
                check=False,
                # dies with the worker, even one killed outright (a killed run leaves no
                # tesseract behind); prctl is all that runs between fork and exec
                preexec_fn=lifetime.die_with_parent if lifetime.supported() else None,
            )
        except subprocess.TimeoutExpired as exc:
            raise OcrError(f"tesseract timed out after {self.timeout:g} s") from exc
        if done.returncode != 0:
            stderr = done.stderr.decode("utf-8", "replace").strip()
            raise OcrError(f"tesseract failed (exit {done.returncode}): {stderr[-500:]}")
        return done.stdout.decode("utf-8", "replace")
