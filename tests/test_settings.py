"""One Settings object: every field described, env vars nested with MSRA_ and __."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from knowledge.errors import LibraryError, MSRAError, Problem, StoreUnavailableError
from knowledge.settings import ChunkingSettings, Settings


def all_fields(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str | None]]:
    found = []
    for name, info in model.model_fields.items():
        found.append((prefix + name, info.description))
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found += all_fields(annotation, f"{prefix}{name}.")
    return found


def test_every_setting_is_described() -> None:
    fields = all_fields(Settings)
    assert len(fields) > 30
    undocumented = [name for name, description in fields if not description]
    assert undocumented == []


def test_nested_env_vars(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSRA_STORE__HOST", "127.0.0.1")
    monkeypatch.setenv("MSRA_STORE__PORT", "8123")
    monkeypatch.setenv("MSRA_LLM__PROVIDER", "openai-compatible")
    config = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (config.store.host, config.store.port) == ("127.0.0.1", 8123)
    assert config.llm.provider == "openai-compatible"


def test_bad_env_value_is_a_validation_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MSRA_RETRIEVAL__MAX_SUMMARIES", "99")
    with pytest.raises(ValueError, match="max_summaries"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_retired_chunks_must_outlive_the_readers_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """A store that deleted replaced chunks before readers look for a new version would
    leave their answers without them."""
    monkeypatch.setenv("MSRA_STORE__KEEP_RETIRED_S", "30")
    assert Settings(_env_file=None).store.keep_retired_s == 30  # type: ignore[call-arg]
    monkeypatch.setenv("MSRA_RETRIEVAL__SNAPSHOT_CHECK_S", "30")
    with pytest.raises(ValueError, match="keep_retired_s must be longer than"):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_index_fingerprint_follows_chunking_not_batch_size() -> None:
    base = Settings(_env_file=None)  # type: ignore[call-arg]
    other_chunks = base.model_copy(update={"chunking": ChunkingSettings(max_chars=400)})
    other_batch = base.model_copy(
        update={"embeddings": base.embeddings.model_copy(update={"batch_size": 4})}
    )
    assert base.index_fingerprint() != other_chunks.index_fingerprint()
    assert base.index_fingerprint() == other_batch.index_fingerprint()


def test_settings_hash_excludes_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = Settings(_env_file=None).settings_hash()  # type: ignore[call-arg]
    monkeypatch.setenv("MSRA_LLM__API_KEY", "sk-secret")
    assert Settings(_env_file=None).settings_hash() == plain  # type: ignore[call-arg]


def test_settings_hash_follows_what_shapes_answers(tmp_path: Path) -> None:
    base = Settings(_env_file=None)  # type: ignore[call-arg]
    elsewhere = base.model_copy(
        update={
            "store": base.store.model_copy(update={"path": tmp_path / "chroma"}),
            "evals": base.evals.model_copy(update={"runs_dir": tmp_path / "runs"}),
        }
    )
    stricter = base.model_copy(
        update={"retrieval": base.retrieval.model_copy(update={"abstain_below": 0.5})}
    )
    assert elsewhere.settings_hash() == base.settings_hash()
    assert stricter.settings_hash() != base.settings_hash()


def test_errors_carry_hints() -> None:
    error = LibraryError([Problem("a.md", 3, "title", "empty")])
    assert isinstance(error, MSRAError)
    assert "a.md:3: title: empty" in error.user_message()
    assert "Hint:" in StoreUnavailableError("down").user_message()


def test_no_module_reads_the_environment() -> None:
    root = Path(__file__).resolve().parents[1]
    offenders = [
        str(path)
        for package in ("knowledge", "assistant", "ui", "evals")
        for path in (root / package).rglob("*.py")
        if "os.environ[" in path.read_text()
        or "os.getenv" in path.read_text()
        or "environ.get(" in path.read_text()
    ]
    assert offenders == []
