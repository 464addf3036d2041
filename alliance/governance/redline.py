"""The redline between two texts, word by word: what stayed, what was deleted, what was
inserted. A plain module (no Django) so it can be checked on its own.

Texts are cut into tokens that join back to the text exactly: runs of white space, words
(letters and digits), single punctuation marks, and single CJK characters (Chinese, Japanese
and Korean texts are written without spaces between words, so each character is a token).
``difflib`` matches the tokens; neighbouring tokens with the same fate are merged into one
segment. Joining the equal and deleted segments gives the old text back, joining the equal
and inserted ones the new text.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal, NamedTuple

Op = Literal["equal", "insert", "delete"]
EQUAL: Op = "equal"
INSERT: Op = "insert"
DELETE: Op = "delete"

_CJK = (
    "\u2e80-\u2fdf"  # radicals
    "\u3000-\u303f"  # CJK punctuation
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u31ff"  # bopomofo, hangul compatibility jamo, kanbun
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uf900-\ufaff"  # compatibility ideographs
    "\uff00-\uffef"  # full-width forms
    "\U00020000-\U0003ffff"  # extensions B and later
)
_TOKEN = re.compile(rf"[{_CJK}]|\s+|(?:(?![{_CJK}])\w)+|[^\w\s]", re.UNICODE)


class Segment(NamedTuple):
    op: Op
    text: str


def tokens(text: str) -> list[str]:
    """The text cut into tokens; ``"".join(tokens(text)) == text``."""
    return _TOKEN.findall(text)


def _add(segments: list[Segment], op: Op, text: str) -> None:
    if not text:
        return
    if segments and segments[-1].op == op:
        segments[-1] = Segment(op, segments[-1].text + text)
    else:
        segments.append(Segment(op, text))


def _raw(old: str, new: str) -> list[Segment]:
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _add(segments, EQUAL, "".join(a[i1:i2]))
            continue
        _add(segments, DELETE, "".join(a[i1:i2]))
        _add(segments, INSERT, "".join(b[j1:j2]))
    return segments


def _tidy(segments: list[Segment]) -> list[Segment]:
    """Join the changes around a lone space: a sentence rewritten word by word then reads as
    one deletion and one insertion, not as a word-by-word ladder."""
    result: list[Segment] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        _add(result, DELETE, "".join(deleted))
        _add(result, INSERT, "".join(inserted))
        deleted.clear()
        inserted.clear()

    for n, segment in enumerate(segments):
        between_changes = 0 < n < len(segments) - 1 and segments[n + 1].op != EQUAL
        if segment.op == EQUAL and not (
            between_changes and segment.text.isspace() and deleted and inserted
        ):
            flush()
            _add(result, EQUAL, segment.text)
        elif segment.op == EQUAL:
            deleted.append(segment.text)
            inserted.append(segment.text)
        else:
            (deleted if segment.op == DELETE else inserted).append(segment.text)
    flush()
    return result


def diff(old: str, new: str) -> list[Segment]:
    """The segments that turn ``old`` into ``new``. A replaced stretch reads as the deletion
    followed by the insertion."""
    return _tidy(_raw(old, new))


def old_text(segments: list[Segment]) -> str:
    """The text before the change: equal and deleted segments."""
    return "".join(s.text for s in segments if s.op != INSERT)


def new_text(segments: list[Segment]) -> str:
    """The text after the change: equal and inserted segments."""
    return "".join(s.text for s in segments if s.op != DELETE)


def changed(segments: list[Segment]) -> bool:
    return any(s.op != EQUAL for s in segments)
