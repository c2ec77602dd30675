"""Reading the text of a notice: which phrase groups it contains, where, and whether negated.

The texts read are the procedure's and each lot's title and description (BT-21, BT-24) and each
award criterion's name and description (BT-734, BT-540). A text is cleaned (HTML entities,
UTF-8 read as Windows-1252, spacing) and lower-cased once; each group is one compiled regular
expression, built when the module is imported.

A match is negated when a negation word of the text's language stands within the six words
before it in the same clause ("det stilles ikke krav om nye løsninger"), or right after it
("innovasjon er ikke et krav"), unless a relative word starts a description of the match
("løsninger som ikke finnes i markedet" is novelty, not negation). A contrast word ("men",
"but") ends the reach of a negation.

A multilingual notice says the same thing in each language: at most :data:`MAX_LANGUAGES`
versions of a field are read, the notice's own language first, then Norwegian and English.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from kjopekraft.insight.assessment.phrases import (
    CONTRAST,
    CRITERION_ONLY,
    FALLBACK_NEGATION,
    KEYWORDS,
    LANGUAGE_GROUP,
    NEGATION,
    PHRASES,
    RELATIVE,
    Group,
)
from kjopekraft.notices.model import Notice, Text

MAX_LANGUAGES = 3
# How far a negation reaches: words before the match, words after it.
NEGATION_BEFORE = 6
NEGATION_AFTER = 3
PASSAGE_CONTEXT = 70

PREFERRED_LANGUAGES = ("nob", "nno", "nor", "eng")

# Fields read, as eForms names them.
TITLE = "BT-21-Procedure"
DESCRIPTION = "BT-24-Procedure"
LOT_TITLE = "BT-21-Lot"
LOT_DESCRIPTION = "BT-24-Lot"
CRITERION_NAME = "BT-734-Lot"
CRITERION_DESCRIPTION = "BT-540-Lot"
CRITERION_FIELDS = frozenset({CRITERION_NAME, CRITERION_DESCRIPTION})


def _compile(patterns: list[str]) -> re.Pattern[str]:
    # A phrase starts at a word boundary; a lookbehind also serves phrases that start with "§".
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + ")")


REGEXES: Mapping[Group, re.Pattern[str]] = {
    group: _compile([p for phrases in by_language.values() for p in phrases])
    for group, by_language in PHRASES.items()
}
KEYWORD_REGEX = _compile(list(KEYWORDS))

_WORD = re.compile(r"\w+")
_CLAUSE_END = re.compile(r"[.;:!?•\n]")
_SPACES = re.compile(r"[ \t\r\f\v\xa0\u2009\u202f]+")
_NEWLINES = re.compile(r"\s*\n\s*")
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf\u0152-\u2122]|â€")


@dataclass(frozen=True, slots=True)
class TextHit:
    group: Group
    field: str
    lot_id: str | None
    language: str
    phrase: str
    passage: str
    negated: bool
    criterion: int | None = None  # index in the lot's award criteria, for BT-734 and BT-540


@dataclass(frozen=True, slots=True)
class _Match:
    group: Group
    phrase: str
    passage: str
    negated: bool


def clean(text: str) -> str:
    """The text as a reader sees it: entities decoded, mis-decoded UTF-8 repaired, spacing
    normalised (newlines are kept: they end a clause)."""
    if "&" in text:
        text = html.unescape(text)
    if _MOJIBAKE.search(text):
        text = _repair(text)
    text = _SPACES.sub(" ", text)
    return _NEWLINES.sub("\n", text).strip()


def _repair(text: str) -> str:
    for encoding in ("cp1252", "latin-1"):
        try:
            return text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def languages(text: Text, notice_language: str | None) -> list[str]:
    """The language versions of a text to read, best first, at most :data:`MAX_LANGUAGES`."""
    order = [notice_language.lower()] if notice_language else []
    order += [lang for lang in PREFERRED_LANGUAGES if lang not in order]
    chosen = [lang for lang in order if text.get(lang)]
    chosen += sorted(lang for lang in text if text[lang] and lang not in chosen)
    return chosen[:MAX_LANGUAGES]


def text_fields(notice: Notice) -> Iterator[tuple[str, str | None, Text, int | None]]:
    """(field, lot id, text, award criterion index) for every text of the notice."""
    yield TITLE, None, notice.title, None
    yield DESCRIPTION, None, notice.description, None
    for lot in notice.lots:
        yield LOT_TITLE, lot.lot_id, lot.title, None
        yield LOT_DESCRIPTION, lot.lot_id, lot.description, None
        for index, criterion in enumerate(lot.award_criteria):
            yield CRITERION_NAME, lot.lot_id, criterion.name, index
            yield CRITERION_DESCRIPTION, lot.lot_id, criterion.description, index


def scan(notice: Notice) -> tuple[TextHit, ...]:
    """Every phrase group found in the notice's texts: per field and lot, the first match that
    is not negated, or else the first negated one (kept to show what was not counted)."""
    hits: list[TextHit] = []
    # Lots often repeat the procedure's text, and criteria share descriptions: read each once.
    cache: dict[tuple[str, str, bool], list[_Match]] = {}
    for field, lot_id, text, criterion in text_fields(notice):
        if not text:
            continue
        in_criterion = field in CRITERION_FIELDS
        found: set[Group] = set()
        negated: dict[Group, TextHit] = {}
        for lang in languages(text, notice.language):
            key = (text[lang], lang, in_criterion)
            matches = cache.get(key)
            if matches is None:
                matches = cache[key] = _read(text[lang], lang, in_criterion)
            for match in matches:
                if match.group in found:
                    continue
                hit = TextHit(
                    match.group,
                    field,
                    lot_id,
                    lang,
                    match.phrase,
                    match.passage,
                    match.negated,
                    criterion,
                )
                if match.negated:
                    negated.setdefault(match.group, hit)
                else:
                    found.add(match.group)
                    hits.append(hit)
        hits.extend(hit for group, hit in negated.items() if group not in found)
    return tuple(hits)


def _read(raw: str, language: str, in_criterion: bool) -> list[_Match]:
    text = clean(raw)
    lower = text.lower()
    if len(lower) != len(text):
        # A few characters change length when lower-cased; then quote the lower-case text.
        text = lower
    matches: list[_Match] = []
    for group, regex in REGEXES.items():
        if group in CRITERION_ONLY and not in_criterion:
            continue
        first_negated: _Match | None = None
        for found in regex.finditer(lower):
            start, end = found.span()
            is_negated = negated(lower, start, end, language)
            match = _Match(group, text[start:end], passage(text, start, end), is_negated)
            if not is_negated:
                matches.append(match)
                break
            first_negated = first_negated or match
        else:
            if first_negated is not None:
                matches.append(first_negated)
    return matches


def negated(lower: str, start: int, end: int, language: str) -> bool:
    """Whether the match lower[start:end] is negated in its clause (see the module docstring)."""
    group = LANGUAGE_GROUP.get(language)
    cues = NEGATION[group] if group else FALLBACK_NEGATION
    contrast = CONTRAST[group] if group else frozenset()
    relative = RELATIVE[group] if group else frozenset()

    before = lower[max(0, start - 120) : start]
    ends = list(_CLAUSE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    for word in reversed(_WORD.findall(before)[-NEGATION_BEFORE:]):
        if word in contrast:
            break
        if word in cues:
            return True

    after = lower[end : end + 60]
    clause_end = _CLAUSE_END.search(after)
    if clause_end:
        after = after[: clause_end.start()]
    for position, word in enumerate(_WORD.findall(after)[:NEGATION_AFTER]):
        if word in relative or word in contrast:
            break
        if word in cues:
            # "ikke" right after the match only negates through a verb: "innovasjon er ikke".
            return position > 0
    return False


def passage(text: str, start: int, end: int) -> str:
    """The match with some words either side, for a reader to check it."""
    left = max(0, start - PASSAGE_CONTEXT)
    right = min(len(text), end + PASSAGE_CONTEXT)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    snippet = " ".join(text[left:right].split())
    return ("…" if left > 0 else "") + snippet + ("…" if right < len(text) else "")


def keyword_hit(notice: Notice) -> bool:
    """The naive measure: does an innovation keyword appear anywhere in the notice's text?

    No negation, no context: kept so that indicators can show how far a keyword count is from
    the assessment (the white paper's point in 11.3.1)."""
    for _field, _lot, text, _criterion in text_fields(notice):
        for value in text.values():
            if value and KEYWORD_REGEX.search(value.lower()):
                return True
    return False
