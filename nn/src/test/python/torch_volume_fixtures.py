"""Writes the PyTorch agreement fixtures of Adjoint's transposed convolutions and volume layers.

Run once, with a Python that has PyTorch (Debian's python3-torch):

    /usr/bin/python3 nn/src/test/python/torch_volume_fixtures.py

It writes nn/src/test/resources/fixtures/torch_volume.safetensors: for each case the input x in the layer's data
format, the weights in Keras's layout (kernel [k..., filters, C], bias [filters]), a random cotangent r of the
output's shape, the output, and the gradients of sum(output * r) with respect to x and every weight, all float64.
VolumeLayersTorchTest reads the file; the tests do not need PyTorch.

The reference calls, and the Keras rules put around them:
- Conv1DTranspose / Conv3DTranspose: F.conv_transpose1d / conv_transpose3d with no padding (the full transposed
  convolution, size (in - 1)·s + k_d), weight = Keras's kernel permuted to [C, filters, k...]; Keras's output
  size per axis is in·s + max(k_d - s, 0) (valid) or in·s (same) without output_padding and
  (in - 1)·s + k_d - 2·pad + output_padding (pad = k_d // 2 for same, 0 for valid) with it, and output cell i is
  full cell i + floor(total / 2), total = max((in - 1)·s + k_d - out, 0) for same padding (TensorFlow's
  placement: the same padding of the convolution of the output size), i for valid; cells past the full result
  are zero. Then the bias.
- MaxPooling3D: F.pad with -inf by Keras's same padding (floor(total / 2) before, the rest after), then
  F.max_pool3d. AveragePooling3D: the window sums (F.avg_pool3d with divisor_override=1 on the zero-padded input)
  over the counts of cells inside the input (the same on a padded tensor of ones), Keras's average.
- UpSampling3D: F.interpolate(mode="nearest") by integer factors. ZeroPadding3D: F.pad. Cropping3D: slicing.
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_rnn_fixtures import write  # noqa: E402  (the hand-written safetensors writer)

torch.set_default_dtype(torch.float64)


def to_first(x, last):
    """The channels-first view of a tensor in the layer's format."""
    return x.movedim(-1, 1) if last else x


def to_format(y, last):
    return y.movedim(1, -1) if last else y


def same_pads(size, k, s):
    out = -(-size // s)
    total = max((out - 1) * s + k - size, 0)
    return total // 2, total - total // 2


def transposed(x, kernel, bias, strides, dilations, padding, output_padding, last):
    rank = kernel.dim() - 2
    xt = to_first(x, last)
    weight = kernel.permute(rank + 1, rank, *range(rank))
    conv = {1: F.conv_transpose1d, 3: F.conv_transpose3d}[rank]
    full = conv(xt, weight, stride=strides, dilation=dilations)
    for a in range(rank):
        size = xt.shape[2 + a]
        s = strides[a]
        kd = (kernel.shape[a] - 1) * dilations[a] + 1
        if output_padding is None:
            out = size * s + (max(kd - s, 0) if padding == "valid" else 0)
        else:
            pad = kd // 2 if padding == "same" else 0
            out = (size - 1) * s + kd - 2 * pad + output_padding[a]
        start = max((size - 1) * s + kd - out, 0) // 2 if padding == "same" else 0
        have = full.shape[2 + a]
        if start + out > have:
            widths = [0, 0] * rank
            widths[2 * (rank - 1 - a) + 1] = start + out - have
            full = F.pad(full, widths)
        full = full.narrow(2 + a, start, out)
    y = full + bias.reshape(1, -1, *([1] * rank))
    return to_format(y, last)


def pooled(x, pool, strides, padding, last, kind):
    xt = to_first(x, last)
    widths = [0] * 6
    if padding == "same":
        for a in range(3):
            before, after = same_pads(xt.shape[2 + a], pool[a], strides[a])
            widths[2 * (2 - a)] = before
            widths[2 * (2 - a) + 1] = after
    if kind == "max":
        y = F.max_pool3d(F.pad(xt, widths, value=float("-inf")), pool, strides)
    else:
        sums = F.avg_pool3d(F.pad(xt, widths), pool, strides, divisor_override=1)
        counts = F.avg_pool3d(F.pad(torch.ones_like(xt), widths), pool, strides, divisor_override=1)
        y = sums / counts
    return to_format(y, last)


def case(seed, x_shape, forward, weights=()):
    torch.manual_seed(seed)
    x = torch.empty(x_shape).uniform_(-1, 1).requires_grad_()
    w = {name: torch.empty(shape).uniform_(-0.5, 0.5).requires_grad_() for name, shape in weights}
    y = forward(x, w)
    r = torch.empty(y.shape).uniform_(-1, 1)
    (y * r).sum().backward()
    tensors = {"x": x, "out": y, "r": r, "grad/x": x.grad}
    for name, p in w.items():
        tensors["param/" + name] = p
        tensors["grad/" + name] = p.grad
    return {k: v.detach().numpy() for k, v in tensors.items()}


def conv_case(seed, x_shape, kernel, strides, dilations, padding, output_padding, last):
    rank = len(kernel) - 2
    channels = x_shape[-1] if last else x_shape[1]
    return case(seed, x_shape, lambda x, w: transposed(x, w["kernel"], w["bias"], strides, dilations, padding,
                                                       output_padding, last),
                (("kernel", tuple(kernel[:rank]) + (kernel[rank], channels)), ("bias", (kernel[rank],))))


def main():
    cases = {
        "conv1d_transpose_valid": lambda: conv_case(1, (2, 5, 3), (3, 4, None), [2], [1], "valid", None, True),
        "conv1d_transpose_same_output_padding": lambda: conv_case(2, (2, 5, 3), (4, 2, None), [3], [1], "same",
                                                                  [1], True),
        "conv1d_transpose_dilated_first": lambda: conv_case(3, (2, 3, 6), (3, 2, None), [1], [2], "same", None,
                                                            False),
        "conv3d_transpose_valid": lambda: conv_case(4, (2, 3, 2, 4, 3), (2, 3, 2, 2, None), [2, 1, 3], [1, 1, 1],
                                                    "valid", None, True),
        "conv3d_transpose_same_output_padding": lambda: conv_case(5, (2, 3, 4, 2, 2), (3, 3, 3, 3, None),
                                                                  [2, 2, 2], [1, 1, 1], "same", [1, 0, 1], True),
        "conv3d_transpose_dilated_first": lambda: conv_case(6, (1, 2, 3, 4, 3), (2, 2, 3, 2, None), [1, 1, 1],
                                                            [1, 2, 1], "same", None, False),
        "max_pooling3d_valid": lambda: case(7, (2, 5, 4, 6, 3),
                                            lambda x, w: pooled(x, [2, 3, 2], [2, 3, 2], "valid", True, "max")),
        "max_pooling3d_same_first": lambda: case(8, (2, 3, 5, 4, 6),
                                                 lambda x, w: pooled(x, [3, 3, 3], [2, 1, 2], "same", False, "max")),
        "average_pooling3d_valid": lambda: case(9, (2, 3, 4, 3, 2),
                                                lambda x, w: pooled(x, [2, 2, 2], [1, 1, 1], "valid", True, "avg")),
        "average_pooling3d_same": lambda: case(10, (2, 5, 4, 6, 3),
                                               lambda x, w: pooled(x, [3, 2, 3], [2, 2, 2], "same", True, "avg")),
        "up_sampling3d": lambda: case(11, (2, 2, 3, 2, 3), lambda x, w: to_format(
            F.interpolate(to_first(x, True), scale_factor=(2, 3, 1), mode="nearest"), True)),
        "up_sampling3d_first": lambda: case(12, (1, 2, 2, 1, 3), lambda x, w: F.interpolate(
            x, scale_factor=(2, 2, 2), mode="nearest")),
        "zero_padding3d": lambda: case(13, (2, 2, 3, 2, 3), lambda x, w: to_format(
            F.pad(to_first(x, True), (0, 2, 2, 1, 1, 0)), True)),
        "cropping3d_first": lambda: case(14, (2, 2, 3, 4, 4), lambda x, w: x[:, :, 1:, 0:2, 1:3]),
    }
    tensors = {}
    for name, make in sorted(cases.items()):
        for k, v in make().items():
            tensors[name + "/" + k] = v
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.normpath(os.path.join(here, "..", "resources", "fixtures", "torch_volume.safetensors"))
    write(path, tensors, {"generator": "nn/src/test/python/torch_volume_fixtures.py", "torch": torch.__version__})
    print("wrote", len(tensors), "tensors to", path, file=sys.stderr)
    for name in sorted(cases):
        print(name, tensors[name + "/x"].shape, "->", tensors[name + "/out"].shape, file=sys.stderr)


if __name__ == "__main__":
    main()
