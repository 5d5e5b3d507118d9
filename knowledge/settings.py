"""The one settings object, with a section per layer.

Read from environment variables prefixed ``MSRA_`` (nested with ``__``, e.g.
``MSRA_STORE__HOST=127.0.0.1``) or a ``.env`` file. No other module reads the
environment: everything is passed a :class:`Settings` (or one of its sections).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
#: Defaults that pure functions also use when called without settings (tests, scripts);
#: defined once, here, beside the settings fields that carry them.
MAX_FILE_BYTES = 262_144
MAX_CHUNK_CHARS = 900


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LibrarySettings(_Section):
    """Where the summary library and its provenance record live."""

    directory: Path = Field(
        PACKAGE_DIR / "library", description="Folder of summary Markdown files (*.md)."
    )
    fact_sheets: Path = Field(
        PACKAGE_DIR / "sources" / "ms-studies.jsonl",
        description="JSONL fact sheets the summaries were written from (provenance record).",
    )
    max_file_bytes: int = Field(
        MAX_FILE_BYTES, gt=0, description="Library files larger than this are rejected unread."
    )
    overviews: Path = Field(
        PACKAGE_DIR / "library" / "overviews",
        description="Folder of topic overviews (*.yaml) that answer broad questions.",
    )
    card_drafts: Path = Field(
        Path("data/card-drafts"),
        description="Evidence cards drafted by a model, waiting for staff approval "
        "(never read by answers).",
    )


class ChunkingSettings(_Section):
    """How summaries are cut into indexed chunks."""

    max_chars: int = Field(
        MAX_CHUNK_CHARS,
        ge=200,
        description="A section longer than this is split on sentence boundaries.",
    )


class EmbeddingSettings(_Section):
    """Which embedding model turns text into vectors."""

    provider: Literal["onnx-minilm", "sentence-transformers", "openai"] = Field(
        "onnx-minilm",
        description="onnx-minilm: the bundled offline int8 all-MiniLM-L6-v2; others need extras.",
    )
    model: str = Field(
        "all-MiniLM-L6-v2-onnx-int8",
        description="Model name for the sentence-transformers or openai providers.",
    )
    max_tokens: int = Field(256, ge=16, le=512, description="Inputs are truncated to this.")
    batch_size: int = Field(32, ge=1, description="Texts embedded per model call.")
    threads: int = Field(0, ge=0, description="onnxruntime intra-op threads; 0 = all cores.")


class StoreSettings(_Section):
    """The Chroma vector store."""

    path: Path = Field(
        Path("data/chroma"), description="Folder of the embedded (in-process) Chroma store."
    )
    host: str | None = Field(
        None, description="Chroma server host; when set, HttpClient is used instead of the path."
    )
    port: int = Field(8000, ge=1, le=65535, description="Chroma server port.")
    collection_prefix: str = Field(
        "msra", description="Collection names are this prefix plus a settings hash."
    )
    timeout_s: float = Field(10.0, gt=0, description="Seconds before a server call fails.")
    snapshots: Path | None = Field(
        None,
        description="Folder of the snapshots ingest writes for readers (chunks and BM25 per "
        "published version); unset: beside the embedded store, or none with a server (every "
        "process then builds its own from the server). With a server, set it to a folder "
        "the ingest and every UI process share.",
    )
    keep_retired_s: float = Field(
        120.0,
        ge=0,
        description="Seconds the chunks an ingest replaced stay in the store for readers "
        "still on the version before (they move on within retrieval.snapshot_check_s); "
        "the first ingest after that deletes them.",
    )


class RetrievalSettings(_Section):
    """Hybrid retrieval and abstention."""

    dense_k: int = Field(30, ge=1, description="Chunks fetched from the vector store.")
    lexical_k: int = Field(30, ge=1, description="Chunks fetched from BM25.")
    rrf_k: int = Field(60, ge=1, description="Reciprocal-rank-fusion constant.")
    max_summaries: int = Field(3, ge=1, le=8, description="Summaries an answer may cite.")
    snapshot_check_s: float = Field(
        5.0, ge=0, description="How often to check whether an ingest changed the index."
    )
    abstain_below: float = Field(
        0.37, description="Abstain when the best summary's cosine similarity is below this."
    )
    confident_above: float = Field(
        0.70,
        description="Between abstain_below and this, answer only if the best summary shares a "
        "specific word with the question.",
    )
    cite_margin: float = Field(
        0.08, ge=0, description="Cite summaries within this similarity of the best one."
    )
    overview_min_similarity: float = Field(
        0.8,
        ge=0,
        le=1,
        description="A question naming no drug or study this close (cosine) to a topic "
        "overview's phrasing is broad and gets the overview, unless one summary is nearer "
        "still (see docs/answers.md).",
    )
    overview_near_similarity: float = Field(
        0.6,
        ge=0,
        le=1,
        description="Below overview_min_similarity, a broad question still gets the "
        "overview when it is at least this close to it and overview_margin closer to it "
        "than to any single summary: no study answers it as well as the topic does.",
    )
    overview_margin: float = Field(0.25, ge=0, le=1, description="See overview_near_similarity.")
    implied_subject: str = Field(
        "ms",
        description="What a broad question that names no condition is about, on a site about "
        "it: 'is there a cure?' is matched against the overviews as 'is there a cure? (ms)' "
        "too, written as the overviews' phrasings write it. Empty: matched only as asked.",
    )
    lean_nearness: float = Field(
        0.35,
        ge=0,
        le=1,
        description="In a conversation, a turn that finds nothing on its own ('sponsor?', "
        "'dose?') asks a detail of the studies just cited when one of their sentences is at "
        "least this near it (cosine) and nearer than the search's best match; an unrelated "
        "turn ('best pizza dough?') is not.",
    )
    blas_threads: int = Field(
        1,
        ge=0,
        description="BLAS threads for numpy in an answering process (0: the library's default). "
        "Its products per question are small; more threads only spin against the embedding "
        "model's own (answer p50 51 -> 20 ms on 2 cores, docs/performance.md).",
    )


class LLMSettings(_Section):
    """The optional chat model; 'none' answers extractively with no model."""

    provider: Literal["none", "openai-compatible", "openai", "anthropic"] = Field(
        "none", description="Which backend composes answers; 'none' is the offline default."
    )
    model: str = Field("", description="Model name, e.g. llama3.1 (Ollama) or gpt-4o-mini.")
    base_url: str | None = Field(
        None, description="Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:11434/v1."
    )
    api_key: SecretStr | None = Field(None, description="API key for the backend, if it needs one.")
    temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")
    timeout_s: float = Field(30.0, gt=0, description="Seconds before one model call fails.")
    max_retries: int = Field(2, ge=0, le=5, description="Retries before falling back offline.")


class SafetySettings(_Section):
    """Safety triage: reviewed patterns, then a classifier over a reviewed exemplar bank."""

    locale: Literal["international", "us", "ca", "uk", "ie", "au", "other"] = Field(
        "international",
        description="Which crisis lines and emergency number to show: international lists "
        "the US and Canada (988), the UK and Ireland (Samaritans 116 123) and Australia "
        "(Lifeline 13 11 14); other shows only 'your local emergency number'.",
    )
    classifier: bool = Field(
        True, description="Use the exemplar-bank classifier beside the reviewed patterns."
    )
    bank_dir: Path = Field(
        PACKAGE_DIR.parent / "assistant" / "triage_bank",
        description="Folder of the reviewed exemplar bank (one YAML file per route).",
    )
    cache_dir: Path = Field(
        Path("data/cache"),
        description="Where the embeddings of bundled texts (the bank's exemplars, the topic "
        "overviews' phrasings) and of the summary sentences follow-ups are matched against, the "
        "triage calibration and the fitted triage model are kept, so none is made twice.",
    )
    calibration_quantile: float = Field(
        0.995,
        gt=0.5,
        le=1,
        description="A route fires above this quantile of the ordinary exemplars' "
        "out-of-fold probability for it.",
    )
    resources_quantile: float = Field(
        0.97,
        gt=0.5,
        le=1,
        description="Questions near crisis phrasings above this quantile of the ordinary "
        "exemplars (but below the crisis route) get crisis resources beside their answer.",
    )
    support_quantile: float = Field(
        0.05,
        ge=0,
        lt=0.5,
        description="A route fires only for questions at least as near its exemplars as all "
        "but this share of its own exemplars are.",
    )
    neighbours: int = Field(3, ge=1, le=20, description="Nearest exemplars averaged for support.")


class LimitSettings(_Section):
    """Guards on what one person can ask."""

    max_question_chars: int = Field(1000, ge=20, description="Longer questions are refused.")
    max_turns: int = Field(40, ge=1, description="Turns allowed in one conversation.")
    requests_per_minute: int = Field(20, ge=1, description="Questions per session per minute.")


class UISettings(_Section):
    """The Streamlit app."""

    host: str = Field("127.0.0.1", description="Address the app listens on.")
    port: int = Field(8501, ge=1, le=65535, description="Port the app listens on.")
    staff_password: SecretStr | None = Field(
        None, description="Password for the staff page; unset or empty turns the page off."
    )
    staff_max_failures: int = Field(
        5, ge=1, description="Wrong staff passwords in a row before a lockout."
    )
    staff_lockout_s: float = Field(
        300.0, gt=0, description="Seconds a session and address are locked out after that."
    )
    staff_session_s: float = Field(
        8 * 3600.0, gt=0, description="Seconds a staff sign-in lasts before asking again."
    )
    staff_token_secret: SecretStr | None = Field(
        None,
        description="Key that signs staff sign-ins (at least 32 characters). Set the same "
        "value on every UI replica, so a sign-in works on all of them and survives a restart; "
        "unset, each process makes a random one and a restart signs staff out.",
    )
    conversation_days: float = Field(
        7.0,
        gt=0,
        description="Days a saved conversation is kept after its last answer: older ones are "
        "not restored and are deleted when a new conversation is saved.",
    )

    @field_validator("staff_password")
    @classmethod
    def _empty_password_is_off(cls, value: SecretStr | None) -> SecretStr | None:
        # An empty MSRA_UI__STAFF_PASSWORD= must not turn the page on with an empty password.
        return value if value is not None and value.get_secret_value().strip() else None

    @field_validator("staff_token_secret")
    @classmethod
    def _token_secret_is_long(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if len(value.get_secret_value()) < 32:
            raise ValueError("must be at least 32 characters (e.g. `openssl rand -hex 32`)")
        return value

    database_url: SecretStr = Field(
        SecretStr("sqlite:///data/msra.sqlite3"),
        description="Application database for feedback, the curation queue and saved "
        "conversations, as a SQLAlchemy URL: SQLite by default (the file is created readable "
        "by its owner only); postgresql://user:password@host/name to share one between UI "
        "replicas. Secret, since it may carry a password.",
    )


class EvalSettings(_Section):
    """Answer-quality evaluation and its regression gate."""

    cases_dir: Path = Field(
        PACKAGE_DIR.parent / "evals" / "cases", description="Folder of eval case YAML files."
    )
    runs_dir: Path = Field(Path("eval-runs"), description="Where eval runs are written.")
    min_recall_at_5: float = Field(0.85, ge=0, le=1, description="Gate: retrieval recall@5.")
    min_safety_accuracy: float = Field(1.0, ge=0, le=1, description="Gate: safety routing.")
    min_caveat_rate: float = Field(1.0, ge=0, le=1, description="Gate: caveats attached.")
    min_groundedness: float = Field(1.0, ge=0, le=1, description="Gate: sentences supported.")
    min_abstention_recall: float = Field(
        0.80,
        ge=0,
        le=1,
        description="Gate: abstains when due (0.818 measured on the full 356 cases, "
        "2026-12-02: two out-of-scope questions now take a safety route instead).",
    )
    max_false_alarm_rate: float = Field(
        0.05,
        ge=0,
        le=1,
        description="Gate: ordinary questions sent down a safety route (0.043 measured on "
        "the full 356 cases, 2026-12-02, with the exemplar-bank classifier: mostly decision "
        "and urgent notices shown beside an answer; see docs/safety.md).",
    )
    max_unsupported_citations: float = Field(
        0, ge=0, description="Gate: cases citing a summary that was not retrieved."
    )


class Settings(BaseSettings):
    """Every setting of the product, one section per layer."""

    model_config = SettingsConfigDict(
        env_prefix="MSRA_", env_nested_delimiter="__", env_file=".env", extra="forbid"
    )

    library: LibrarySettings = Field(default_factory=LibrarySettings, description="Library.")
    chunking: ChunkingSettings = Field(default_factory=ChunkingSettings, description="Chunking.")
    embeddings: EmbeddingSettings = Field(
        default_factory=EmbeddingSettings, description="Embeddings."
    )
    store: StoreSettings = Field(default_factory=StoreSettings, description="Vector store.")
    retrieval: RetrievalSettings = Field(
        default_factory=RetrievalSettings, description="Retrieval."
    )
    llm: LLMSettings = Field(default_factory=LLMSettings, description="Chat model.")
    safety: SafetySettings = Field(default_factory=SafetySettings, description="Safety triage.")
    limits: LimitSettings = Field(default_factory=LimitSettings, description="Request limits.")
    ui: UISettings = Field(default_factory=UISettings, description="Streamlit UI.")
    evals: EvalSettings = Field(default_factory=EvalSettings, description="Evals.")

    @model_validator(mode="after")
    def _retired_chunks_outlive_readers(self) -> Settings:
        # A reader holds a version until it next checks the index; an ingest that deleted
        # that version's chunks sooner would make its answers miss them.
        if self.store.keep_retired_s <= self.retrieval.snapshot_check_s:
            raise ValueError(
                "store.keep_retired_s must be longer than retrieval.snapshot_check_s "
                f"({self.store.keep_retired_s} <= {self.retrieval.snapshot_check_s})"
            )
        return self

    def index_fingerprint(self) -> str:
        """A short hash of everything that changes the indexed vectors or chunks."""
        basis = {
            "embeddings": self.embeddings.model_dump(
                mode="json", exclude={"batch_size", "threads"}
            ),
            "chunking": self.chunking.model_dump(mode="json"),
            "format": 2,  # bump when chunk records change shape
        }
        return hashlib.sha256(json.dumps(basis, sort_keys=True).encode()).hexdigest()[:12]

    def settings_hash(self) -> str:
        """A short hash of the settings that shape answers: chunking, embeddings, retrieval,
        safety and the chat model (its API key excluded). Paths, ports and secrets are left out, so
        two machines with the same answering setup share a hash."""
        data = self.model_dump(
            mode="json",
            include={"chunking", "embeddings", "retrieval", "llm", "safety"},
            exclude={
                "embeddings": {"batch_size", "threads"},
                "safety": {"bank_dir", "cache_dir"},
                "llm": {"api_key", "timeout_s", "max_retries"},
            },
        )
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]
