"""Packed linear layers (`service.backends.packed`): what they keep of a layer's weights, and,
with the real embedded model, that packing loses no more than bfloat16 arithmetic does."""

from __future__ import annotations

import json

import pytest
import torch
from torch import nn

from service.backends.packed import GROUP, Int4Linear, Int8Linear, pack_model
from service.backends.transformers_local import TransformersBackend
from service.errors import ModelError
from service.settings import Settings

from .conftest import ROOT

WIKINEWS = ROOT.parent / "shared" / "news" / "wikinews.jsonl"


def _q4_1_layer(rows: int, cols: int) -> nn.Linear:
    """A layer whose weights a GGUF Q4_1 block could hold: per 32, a minimum plus 0-15 steps,
    each group using its lowest and highest step (as the quantiser that wrote it does)."""
    generator = torch.Generator().manual_seed(7)
    steps = torch.randint(0, 16, (rows, cols // GROUP, GROUP), generator=generator).float()
    steps[..., 0], steps[..., 1] = 0, 15
    step = torch.rand(rows, cols // GROUP, 1, generator=generator) * 0.01 + 0.001
    low = -torch.rand(rows, cols // GROUP, 1, generator=generator) * 0.1
    layer = nn.Linear(cols, rows, bias=False)
    layer.weight.data = (steps * step + low).reshape(rows, cols)
    return layer


def _weights_of(layer: nn.Module, cols: int) -> torch.Tensor:
    """The weight matrix a layer applies, read back by feeding it the identity."""
    return layer(torch.eye(cols)).t()


def test_int4_holds_a_q4_1_layer_as_the_file_has_it() -> None:
    layer = _q4_1_layer(192, 576)
    restored = _weights_of(Int4Linear(layer), 576)
    error = (restored - layer.weight).abs().max() / layer.weight.abs().max()
    assert error < 0.01  # bfloat16's rounding of the steps and minima, nothing more


def test_int4_of_arbitrary_weights_is_lossy_but_bounded() -> None:
    layer = nn.Linear(576, 64)
    x = torch.randn(5, 576)
    error = (Int4Linear(layer)(x) - layer(x)).abs().max() / layer(x).abs().max()
    assert 0.001 < error < 0.15


def test_int8_keeps_each_row_to_a_hundred_and_twenty_seventh_of_its_largest_weight() -> None:
    layer = nn.Linear(96, 30)
    restored = _weights_of(Int8Linear(layer), 96) - layer.bias[None, :].t()
    largest = layer.weight.abs().amax(dim=1, keepdim=True)
    assert ((restored - layer.weight).abs() <= largest / 127 * 0.51 + 1e-3).all()


def test_packed_layers_keep_batch_shape_bias_and_dtype() -> None:
    layer = nn.Linear(64, 16)
    x = torch.randn(2, 3, 64)
    for packed in (Int4Linear(layer), Int8Linear(layer)):
        y = packed(x)
        assert y.shape == (2, 3, 16) and y.dtype == torch.float32
        assert (y - layer(x)).abs().max() < 0.1 * layer(x).abs().max()


class _Tiny(nn.Module):
    """The parts `pack_model` reads of a causal LM: blocks and an output head."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks = nn.ModuleList([nn.Linear(64, 64), nn.Linear(48, 64), nn.Linear(64, 30),
                                     nn.Linear(100, 64)])
        self.head = nn.Linear(64, 100)

    def get_output_embeddings(self) -> nn.Module:
        return self.head

    def set_output_embeddings(self, head: nn.Module) -> None:
        self.head = head


def test_pack_model_packs_blocks_as_asked_and_the_head_as_int8() -> None:
    model = _Tiny()
    assert pack_model(model, "int4") == 2
    assert isinstance(model.blocks[0], Int4Linear)
    # the kernels' shapes (they crash the process on others): 48 inputs do not split into
    # groups of 32, nor 30 outputs into the int4 kernel's 16, nor 48 or 100 inputs into int8's 32
    assert [type(block) for block in model.blocks[1:]] == [nn.Linear] * 3
    assert isinstance(model.head, Int8Linear)
    model = _Tiny()
    assert pack_model(model, "int8") == 3
    assert [type(block) for block in model.blocks] == [Int8Linear, nn.Linear, Int8Linear, nn.Linear]


def test_packing_is_refused_off_the_cpu() -> None:
    backend = TransformersBackend(Settings(quantize="int4", device="cuda"))
    with pytest.raises(ModelError, match="CPU"):
        backend._packing("cuda")
    assert TransformersBackend(Settings(device="cuda"))._packing("cuda") is None  # auto: as loaded


@pytest.mark.model
def test_the_packed_embedded_model_predicts_as_bfloat16_does() -> None:
    """Next-token choices on real news, each setting against float32 arithmetic on the same
    weights: packing the embedded model's layers may not lose more than bfloat16 does."""
    rows = WIKINEWS.read_text(encoding="utf-8").splitlines()[:4]
    text = "\n\n".join(json.loads(row)["text"] for row in rows)
    choices = {}
    for name, quantize, dtype in (("float32", "none", "float32"), ("bfloat16", "none", "bfloat16"),
                                  ("packed", "auto", "auto")):
        backend = TransformersBackend(Settings(cache_dir=ROOT / ".cache", quantize=quantize, dtype=dtype))
        backend.load()
        ids = torch.tensor([backend._tokenizer.encode(text)[:600]])
        with torch.inference_mode():
            choices[name] = backend._hf_model(input_ids=ids).logits[0].float().argmax(-1)
        if name == "packed":
            assert backend.stats["packing"] == "int4" and backend.stats["dtype"] == "float32"
    agree = {name: (choices[name] == choices["float32"]).float().mean().item() for name in choices}
    assert agree["packed"] >= agree["bfloat16"] - 0.01, agree
    assert agree["packed"] > 0.95, agree
