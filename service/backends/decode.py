"""The embedded model's own greedy decoding loop, constrained by an llguidance matcher.

Why not transformers' `generate` with outlines' logits processor: at 135M parameters on a CPU a
token costs tens of milliseconds and `generate` spends it one forward pass per token, even on
tokens the grammar forces (`{"headline":"`, every key, `","k":"`). llguidance says which tokens
are forced (`compute_ff_tokens`); here they are read in the same forward pass as the token
before them, so a terse JSON answer costs fewer passes than free text of the same length. The
prompt's fixed part (the system message, and any worked example) is read once per process and
its KV cache copied for each call, and the prompt is read in steps with the deadline checked
between them. Greedy choice under the same mask: the answer is the one `generate` would give,
up to how forced text is split into tokens (llguidance's canonical split).
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import torch

from .repeats import ListCloser, RepeatGuard

#: prompt tokens read per forward pass, the deadline checked between passes (a long prompt's
#: prefill takes seconds on a CPU); larger steps cost less (each step re-reads the cache)
PREFILL_STEP = 256
PREFIX_CACHE_SIZE = 4


class PrefixCache:
    """KV caches of the fixed prompt prefixes seen, most recent kept; a hit is copied, so
    generation never writes into the stored one."""

    def __init__(self, size: int = PREFIX_CACHE_SIZE) -> None:
        self._caches: OrderedDict[tuple[int, ...], Any] = OrderedDict()
        self._size = size

    def get(self, prefix: tuple[int, ...]) -> Any | None:
        if prefix not in self._caches:
            return None
        self._caches.move_to_end(prefix)
        return copy.deepcopy(self._caches[prefix])

    def put(self, prefix: tuple[int, ...], cache: Any) -> None:
        self._caches[prefix] = copy.deepcopy(cache)
        if len(self._caches) > self._size:
            self._caches.popitem(last=False)


def prefill(model: Any, ids: torch.Tensor, cache: Any, done: int,
            stopped: Callable[[], bool]) -> bool:
    """Read `ids[done:]` into `cache` PREFILL_STEP tokens a pass; False when `stopped` first."""
    with torch.inference_mode():
        for start in range(done, ids.shape[1], PREFILL_STEP):
            if stopped():
                return False
            model(input_ids=ids[:, start:start + PREFILL_STEP], past_key_values=cache, use_cache=True,
                  logits_to_keep=1)  # the vocabulary projection of one position, not 256
    return True


def greedy(model: Any, cache: Any, last: int, matcher: Any | None, vocab_size: int,
           max_new_tokens: int, eos: int, stopped: Callable[[], bool],
           penalty: float | None = None, seen: list[int] | None = None,
           closer: ListCloser | None = None) -> list[int]:
    """Greedy tokens after the prompt (its `last` token not yet read into `cache`), under
    `matcher`'s grammar (an llguidance `LLMatcher` over `vocab_size` tokens) when given, forced
    tokens read in one pass with the token before them.
    Stops at the end of the grammar (or `eos`), the token budget, or when `stopped()`;
    `penalty` (transformers' repetition penalty) counts `seen` (the prompt) and the answer;
    `closer` ends a list the model has started to repeat (`service.backends.repeats`)."""
    import llguidance.torch

    bitmask = None if matcher is None else llguidance.torch.allocate_token_bitmask(1, vocab_size)
    pending, out = [last], []
    history = set(seen or [])  # what the penalty counts: the prompt, then each token written
    guard = RepeatGuard() if closer is not None else None
    with torch.inference_mode():
        while len(out) < max_new_tokens and not stopped():
            logits = model(input_ids=torch.tensor([pending]), past_key_values=cache,
                           use_cache=True, logits_to_keep=1).logits[0, -1].float()
            if penalty:
                _penalise(logits, history, penalty)
            if matcher is not None:
                llguidance.torch.fill_next_token_bitmask(matcher, bitmask, 0)
                llguidance.torch.apply_token_bitmask_inplace(logits, bitmask[0])
            if guard is not None:
                logits = closer.restrict(logits, guard)
            token = int(logits.argmax())
            if token == eos:
                break
            out.append(token)
            history.add(token)
            pending = [token]
            if guard is not None:
                guard.feed(closer.texts[token])
            if matcher is None:
                continue
            matcher.consume_token(token)
            forced = matcher.compute_ff_tokens()[:max_new_tokens - len(out)]
            if forced:
                matcher.consume_tokens(forced)
                out += forced
                if guard is not None:
                    guard.feed("".join(closer.texts[t] for t in forced))
                history.update(forced)
                pending += forced
            if matcher.is_stopped() or _only_eos(matcher, bitmask, eos):
                break
    return out


def _only_eos(matcher: Any, bitmask: torch.Tensor, eos: int) -> bool:
    """The grammar is complete and allows nothing but the end: no forward pass for that."""
    import llguidance.torch

    if not matcher.is_accepting():
        return False
    llguidance.torch.fill_next_token_bitmask(matcher, bitmask, 0)
    expected = torch.zeros_like(bitmask[0])
    expected[eos // 32] = torch.tensor(1 << (eos % 32)).to(torch.int32)
    return bool(torch.equal(bitmask[0], expected))


def _penalise(logits: torch.Tensor, ids: set[int], penalty: float) -> None:
    """transformers' repetition penalty: every token already seen is made less likely."""
    index = torch.tensor(sorted(ids), dtype=torch.long)
    scores = logits[index]
    logits[index] = torch.where(scores < 0, scores * penalty, scores / penalty)
