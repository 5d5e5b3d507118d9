"""Section-aware chunking: pure functions from a summary to its chunks.

One chunk per section; a section longer than ``max_chars`` is split on
sentence boundaries. Joining a section's chunks with single spaces gives back
its text with whitespace folded, so no text is lost.
"""

from __future__ import annotations

import hashlib
import re

from knowledge.models import SECTION_TITLES, Chunk, Summary, chunk_id
from knowledge.settings import MAX_CHUNK_CHARS

# A sentence ends at . ! or ? (optionally closed by a quote or bracket) before white space.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences, keeping each sentence's own punctuation."""
    folded = " ".join(text.split())
    if not folded:
        return []
    pieces: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(folded):
        end = match.start() + len(match.group().rstrip())
        pieces.append(folded[start:end])
        start = match.end()
    pieces.append(folded[start:])
    return [p for p in pieces if p]


def pack_sentences(sentences: list[str], max_chars: int) -> list[str]:
    """Greedily pack whole sentences into pieces of at most ``max_chars`` (a longer
    single sentence stands alone rather than being cut mid-sentence)."""
    pieces: list[str] = []
    current = ""
    for sentence in sentences:
        candidate = f"{current} {sentence}" if current else sentence
        if current and len(candidate) > max_chars:
            pieces.append(current)
            current = sentence
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


def chunk_version(summary: Summary, max_chars: int) -> str:
    """What a chunk id says of the version it belongs to: the summary's content and the
    chunk size, so a chunk of another version or another chunking never shares its id."""
    return hashlib.sha256(f"{summary.content_hash()}:{max_chars}".encode()).hexdigest()[:12]


def chunk_summary(summary: Summary, max_chars: int = MAX_CHUNK_CHARS) -> list[Chunk]:
    """All chunks of one summary, in section order, with deterministic ids."""
    chunks: list[Chunk] = []
    content_hash = summary.content_hash()
    version = chunk_version(summary, max_chars)
    for section in SECTION_TITLES:
        pieces = pack_sentences(split_sentences(summary.section(section)), max_chars)
        for n, text in enumerate(pieces):
            chunks.append(
                Chunk(
                    id=chunk_id(summary.id, section, n, version),
                    summary_id=summary.id,
                    section=section,
                    n=n,
                    of=1,
                    text=text,
                    title=summary.title,
                    published=summary.published,
                    credibility=summary.credibility,
                    interest=summary.interest,
                    topics=list(summary.topics),
                    study_type=summary.study_type,
                    source=summary.source,
                    content_hash=content_hash,
                    card=summary.card,
                    aliases=list(summary.aliases),
                )
            )
    # Each chunk records the summary's chunk count, so readers can tell a complete
    # summary from one caught half-written by an interrupted ingest.
    return [chunk.model_copy(update={"of": len(chunks)}) for chunk in chunks]
