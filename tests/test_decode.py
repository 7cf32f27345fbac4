"""The embedded backend's decoding loop against transformers' own greedy `generate`, on a tiny
random Llama (built from a config: no download), so a mistake in the cache handling, the
prefill steps or the prefix copy shows as different tokens."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from service.backends import decode  # noqa: E402

NEW = 12


@pytest.fixture(scope="module")
def model():
    torch.manual_seed(0)
    config = transformers.LlamaConfig(vocab_size=97, hidden_size=32, intermediate_size=64,
                                      num_hidden_layers=2, num_attention_heads=4,
                                      num_key_value_heads=2, max_position_embeddings=1024)
    return transformers.LlamaForCausalLM(config).eval()


@pytest.fixture(scope="module")
def prompt() -> torch.Tensor:
    return torch.randint(3, 97, (1, 300), generator=torch.Generator().manual_seed(1))


def reference(model, prompt: torch.Tensor, **kwargs) -> list[int]:
    out = model.generate(prompt, attention_mask=torch.ones_like(prompt), max_new_tokens=NEW,
                         min_new_tokens=NEW, do_sample=False, eos_token_id=None, pad_token_id=0, **kwargs)
    return out[0, prompt.shape[1]:].tolist()


def ours(model, prompt: torch.Tensor, cache=None, done: int = 0, **kwargs) -> list[int]:
    cache = cache if cache is not None else transformers.DynamicCache(config=model.config)
    assert decode.prefill(model, prompt[:, :-1], cache, done, lambda: False)
    return decode.greedy(model, cache, int(prompt[0, -1]), None, 0, NEW, eos=-1,
                         stopped=lambda: False, **kwargs)


def test_greedy_decoding_matches_transformers_generate(model, prompt) -> None:
    assert ours(model, prompt) == reference(model, prompt)


def test_the_retry_penalty_is_transformers_repetition_penalty(model, prompt) -> None:
    expected = reference(model, prompt, repetition_penalty=1.3)
    assert ours(model, prompt, penalty=1.3, seen=prompt[0].tolist()) == expected
    assert expected != reference(model, prompt), "the penalty changes this answer"


def test_a_cached_prefix_gives_the_same_answer_and_is_never_written_into(model, prompt) -> None:
    prefixes = decode.PrefixCache()
    key = tuple(prompt[0, :100].tolist())
    first = transformers.DynamicCache(config=model.config)
    decode.prefill(model, prompt[:, :100], first, 0, lambda: False)
    prefixes.put(key, first)
    for _ in range(2):  # the second use must find the stored prefix as it was
        cache = prefixes.get(key)
        assert cache.get_seq_length() == 100
        assert ours(model, prompt, cache, 100) == reference(model, prompt)
    assert prefixes.get((1, 2, 3)) is None


def test_prefill_stops_between_steps_when_told(model, prompt) -> None:
    calls = iter([False, True])
    cache = transformers.DynamicCache(config=model.config)
    assert not decode.prefill(model, prompt, cache, 0, lambda: next(calls))
    assert cache.get_seq_length() == decode.PREFILL_STEP, "one step read, then stopped"
