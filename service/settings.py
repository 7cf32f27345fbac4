"""One settings class: every knob is an environment variable `BRIEFING_<NAME>` with a default."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
EXTRACTED_FIELDS = ("who", "where", "when", "claims", "positions")
MERGE_POLICIES = ("model", "rules", "union")
EMBEDDED_MODEL = "embedded"
EMBEDDED_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"


class Settings(BaseSettings):
    """Read from the environment (prefix BRIEFING_) and an optional `.env` file."""

    model_config = SettingsConfigDict(env_prefix="BRIEFING_", env_file=".env", extra="ignore")

    extractor: Literal["auto", "llm", "rules"] = Field(
        "auto", description="auto: the model when one is configured and healthy, else rules")
    backend: Literal["transformers", "openai"] = Field(
        "transformers", description="transformers: the model runs in this process; openai: an "
                                    "OpenAI-compatible engine at `base_url` (vLLM, SGLang, llama.cpp, Ollama)")
    model: str = Field(EMBEDDED_MODEL, description="'embedded', 'none', a local folder or a hub id; "
                                                   "with backend openai the engine's model name "
                                                   "('embedded': the engine's first model)")
    base_url: str | None = Field(None, description="the engine's OpenAI API root, e.g. http://gpu-box:8000/v1")
    engine_api_key: str | None = Field(None, description="bearer token the engine expects, if any")
    dialect: Literal["auto", "vllm", "sglang", "openai", "llamacpp", "ollama"] = Field(
        "auto", description="how the schema constraint is spelled; auto asks the engine's /models once")
    concurrency: int = Field(4, ge=1, le=256, description="parallel requests to the engine (and "
                                                          "parallel extractions in a digest run)")
    engine_retries: int = Field(3, ge=0, le=10, description="retries on connection errors, 429, 5xx")
    context_tokens: int | None = Field(None, ge=256, description="the engine's context length "
                                                                 "(default 8192) for truncation")
    gguf_file: str | None = Field(None, description="GGUF file inside `model` (embedded: its Q4_1 file)")
    device: str = Field("cpu", description="cpu, cuda, cuda:1, or auto")
    dtype: Literal["auto", "float32", "bfloat16", "float16"] = "auto"
    quantize: Literal["auto", "int4", "int8", "none"] = Field(
        "auto", description="CPU only: linear layers stored packed, activations kept in float; "
                            "int4: groups of 32 (a GGUF Q4_1 layer's own layout) with an int8 "
                            "output head; int8: one scale per row; auto: int4 for the embedded "
                            "model (its file is Q4_1: nothing lost), none for any other")
    max_new_tokens: int = Field(120, ge=16, le=4096, description="token budget of a narrow answer")
    lead_tokens: int = Field(320, ge=0, le=32768, description="narrow mode without `who`: the "
                             "model reads the article's opening paragraphs up to this many tokens "
                             "(a news story's headline and summary are in its lead); 0 reads all")
    llm_mode: Literal["narrow", "full"] = Field(
        "narrow", description="narrow: the model writes the prose (llm_fields) and the rules "
                              "extract; full: the model also extracts who, where, when, claims "
                              "and positions, grounded and merged by `merge`")
    max_new_tokens_full: int = Field(640, ge=64, le=8192, description="token budget of a full "
                                     "extraction of one chunk of an article")
    merge: str = Field("rules", description="full mode: whose items each field keeps, 'model', "
                       "'rules' or 'union'; one for all fields or per field, e.g. "
                       "'rules,who=union,claims=model' (default from `briefing eval --compare`)")
    timeout_s: float = Field(30.0, gt=0, description="generation time limit per article")
    threads: int | None = Field(None, ge=1, description="torch CPU threads (default: torch's)")
    llm_fields: str = Field("headline",
                            description="what the model writes: headline, summary, who (roles)")
    worked_example: bool = Field(False, description="put the worked example from prompts/ in "
                                                    "the prompt (the 135M model copies it)")
    cache_dir: Path = Field(Path.home() / ".cache" / "news-briefing",
                            description="converted model weights for fast warm starts")
    prompts_dir: Path = ROOT / "prompts"
    database_url: str = Field("sqlite:///./data/briefings.db",
                              description="any SQLAlchemy URL; PostgreSQL for a bigger deployment")
    max_body_bytes: int = Field(200_000, ge=1_000, description="larger request bodies get 413")
    body_timeout_s: float = Field(10.0, gt=0, description="a request body not received within "
                                  "this gets 408 and its connection is closed (slow clients)")
    max_connections: int = Field(200, ge=1, description="connections and requests at once; "
                                 "past it new requests get 503 at once")
    shutdown_grace_s: float = Field(30.0, ge=0, description="on SIGTERM, how long requests in "
                                    "flight may take to finish before the service stops")
    api_keys: str = Field("", description="comma-separated keys; empty: no key needed")
    expose_docs: bool = Field(False, description="/docs, /redoc and /openapi.json open without "
                              "a key when keys are set")
    expose_metrics: bool = Field(False, description="/metrics open without a key when keys are set")
    rules_processes: int = Field(2, ge=0, le=64, description="processes the service briefs with "
                                 "the rules in (0: one thread); each uses a CPU core")
    rules_timeout_s: float = Field(10.0, gt=0, description="time limit for the rules on one "
                                   "article; past it 503 with Retry-After and the worker is replaced")
    model_queue: int = Field(4, ge=1, description="model jobs waiting beyond this get 503")
    retry_after_s: int = Field(5, ge=1, description="Retry-After sent with 503")
    digest_at: str | None = Field("02:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
                                  description="UTC time (HH:MM) the service builds yesterday's "
                                  "digest; unset (BRIEFING_DIGEST_AT=) to rely on cron instead")
    digest_dir: Path | None = Field(None, description="nightly digests also written here as "
                                    "DATE/digest.{json,md,html}")
    spacy_model: str = Field("en_core_web_sm", description="the spaCy pipeline the rules parse "
                             "with: an installed package (en_core_web_trf) or a pipeline folder")
    allow_private_urls: bool = Field(False, description="fetch URLs that resolve to loopback, "
                                     "private, link-local, multicast or reserved addresses")
    fetch_timeout_s: float = Field(10.0, gt=0, le=300, description="connect and read timeout of "
                                   "one fetch; the whole fetch may take three times this")
    fetch_max_bytes: int = Field(5_000_000, ge=10_000, description="a page or feed larger than "
                                 "this is abandoned (also the limit of a text/html request body)")
    fetch_delay_s: float = Field(1.0, ge=0, le=60, description="pause between two fetches from one host")
    feed_max_items: int = Field(50, ge=1, le=10_000, description="items taken from one feed per poll")
    feeds: str = Field("", description="feeds the service polls: a file (one URL a line) or "
                       "comma-separated URLs")
    poll_minutes: float = Field(0, ge=0, description="minutes between the service's feed polls; 0: off")
    eval_tolerance: float = Field(0.01, ge=0, le=1, description="`briefing eval --baseline` fails "
                                  "when an F1, the valid share or the grounding rate drops by more")

    @field_validator("merge")
    @classmethod
    def _merge_policy(cls, value: str) -> str:
        merge_policy(value)
        return value

    @property
    def merge_policy(self) -> dict[str, str]:
        return merge_policy(self.merge)
    @field_validator("digest_at", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        """`BRIEFING_DIGEST_AT=` (empty) turns the nightly digest off, for cron to do it."""
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def model_enabled(self) -> bool:
        return self.model.lower() not in ("none", "")

    @property
    def remote(self) -> bool:
        return self.backend == "openai"

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k.strip() for k in self.api_keys.split(",") if k.strip())

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f.strip() for f in self.llm_fields.split(",") if f.strip())


def merge_policy(value: str) -> dict[str, str]:
    """'rules,who=union' -> a policy for every extracted field; a bad part is a ValueError
    that names it."""
    policy = dict.fromkeys(EXTRACTED_FIELDS, "rules")
    for part in (p.strip() for p in value.split(",") if p.strip()):
        field, _, chosen = part.rpartition("=")
        if chosen not in MERGE_POLICIES or (field and field not in EXTRACTED_FIELDS):
            raise ValueError(f"merge: '{part}' is not POLICY or FIELD=POLICY (fields: "
                             f"{', '.join(EXTRACTED_FIELDS)}; policies: {', '.join(MERGE_POLICIES)})")
        policy.update({field: chosen} if field else dict.fromkeys(EXTRACTED_FIELDS, chosen))
    return policy


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
