"""Weight-only quantised linear layers for decoding on a CPU, on PyTorch's own packed kernels.

Why: one token of a small model on a CPU is a chain of matrix-vector products, and each costs
the time to read its weights. Stored as 4-bit groups (or 8-bit rows), the activations handed
to the kernel in bfloat16, a token reads a quarter (a half) of the bytes bfloat16 weights cost. The embedded GGUF stores every
linear layer as Q4_1 (groups of 32: a step and a minimum per group), which `Int4Linear` holds
in the same form, so for it this restores the file's own weights rather than losing any.
(torchao wraps the same aten kernels but dropped its CPU int4 layout in 0.18 and pins torch.)
"""

from __future__ import annotations

from typing import Any, Literal

import torch
from torch import nn

GROUP = 32  # weights per 4-bit group: GGUF Q4_1's block
LEVELS = 15  # 4-bit steps above a group's minimum
INNER_K_TILES = 1  # the CPU packing's tile argument (any value the kernel accepts: same result)
#: what each kernel needs of a layer's shape (inputs, outputs): it may crash the process otherwise
DIVISORS = {"int4": (GROUP, 16), "int8": (32, 1)}  # int8 crashed on 104 inputs here

Packing = Literal["int4", "int8"]


class _PackedLinear(nn.Module):
    """A linear layer whose weights a packed kernel holds: inputs handed over in bfloat16, the
    answer back in the caller's dtype, the bias added as before."""

    def __init__(self, linear: nn.Linear) -> None:
        super().__init__()
        self.bias = linear.bias
        self.out_features = linear.out_features

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = self._product(x.reshape(-1, x.shape[-1]).to(torch.bfloat16))
        y = y.to(x.dtype).reshape(*x.shape[:-1], self.out_features)
        return y if self.bias is None else y + self.bias

    def _product(self, flat: torch.Tensor) -> torch.Tensor:
        raise NotImplementedError


class Int4Linear(_PackedLinear):
    """`linear` with each group of 32 input weights stored as 4-bit steps between the group's
    minimum and maximum (asymmetric, GGUF Q4_1's layout)."""

    def __init__(self, linear: nn.Linear) -> None:
        super().__init__(linear)
        weight = linear.weight.detach().float()
        rows, cols = weight.shape
        groups = weight.reshape(rows, cols // GROUP, GROUP)
        low = groups.amin(-1, keepdim=True)
        step = (groups.amax(-1, keepdim=True) - low).clamp(min=1e-12) / LEVELS
        steps = torch.round((groups - low) / step).clamp(0, LEVELS).to(torch.int32).reshape(rows, cols)
        # the kernel reads a weight as (q - 8) * step + zero, so zero is the group's midpoint
        zero = low + step * ((LEVELS + 1) // 2)
        self.register_buffer("packed", torch.ops.aten._convert_weight_to_int4pack_for_cpu(steps, INNER_K_TILES))
        self.register_buffer("scales", torch.stack([step.squeeze(-1).t(), zero.squeeze(-1).t()], -1)
                             .to(torch.bfloat16).contiguous())

    def _product(self, flat: torch.Tensor) -> torch.Tensor:
        return torch.ops.aten._weight_int4pack_mm_for_cpu(flat, self.packed, GROUP, self.scales)


class Int8Linear(_PackedLinear):
    """`linear` with each output row stored as int8 steps of the row's largest weight / 127."""

    def __init__(self, linear: nn.Linear) -> None:
        super().__init__(linear)
        weight = linear.weight.detach().float()
        scale = weight.abs().amax(dim=1).clamp(min=1e-12) / 127
        self.register_buffer("weight_int8", torch.round(weight / scale[:, None]).to(torch.int8))
        self.register_buffer("scales", scale.to(torch.bfloat16))

    def _product(self, flat: torch.Tensor) -> torch.Tensor:
        return torch.ops.aten._weight_int8pack_mm(flat, self.weight_int8, self.scales)


def pack_model(model: Any, packing: Packing) -> int:
    """Pack a transformers causal LM's linear layers in place; how many were packed. The output
    head is int8 either way: the embedded GGUF stores it as Q8_0, and 4 bits there would lose
    what the file has."""
    head = model.get_output_embeddings()
    packed = _pack_linear_layers(model, packing, skip=head)
    if isinstance(head, nn.Linear) and packable(head, "int8"):
        model.set_output_embeddings(Int8Linear(head))
        packed += 1
    return packed


def packable(layer: nn.Module, packing: Packing) -> bool:
    """A linear layer whose shape the packed kernel takes."""
    inputs, outputs = DIVISORS[packing]
    return (isinstance(layer, nn.Linear) and layer.in_features % inputs == 0
            and layer.out_features % outputs == 0)


def _pack_linear_layers(module: nn.Module, packing: Packing, skip: nn.Module | None) -> int:
    """Replace every `nn.Linear` under `module` but `skip` by its packed form where the kernel
    takes its shape; how many were replaced."""
    replaced = 0
    for name, child in list(module.named_children()):
        if child is skip:
            continue
        if packable(child, packing):
            setattr(module, name, Int4Linear(child) if packing == "int4" else Int8Linear(child))
            replaced += 1
        elif not isinstance(child, nn.Linear):
            replaced += _pack_linear_layers(child, packing, skip)
    return replaced
