"""Writes the PyTorch agreement fixtures of Adjoint's DepthwiseConv1D, SeparableConv1D, ConvLSTM1D and ConvLSTM2D.

Run once, with a Python that has PyTorch (Debian's python3-torch):

    /usr/bin/python3 nn/src/test/python/torch_convrnn_fixtures.py

It writes nn/src/test/resources/fixtures/torch_convrnn.safetensors: for each case the input x in the layer's data
format, the weights in Keras's layout, a random cotangent r, the output "out" (the layer's outputs flattened and
concatenated: the output, then the final h and c with return_state), and the gradients of sum(out * r) with
respect to x and every weight, all float64. ConvRnnTorchTest reads the file; the tests do not need PyTorch.

The reference calls:
- DepthwiseConv1D: F.conv1d with groups = C and weight[c·M + m, 0, t] = kernel[t, c, m] (Keras's [k, C, M]
  reshaped to [k, C·M] and transposed), on the input padded by F.pad with Keras's same padding (TensorFlow's
  placement: total = max((out - 1)·s + (k - 1)·d + 1 - L, 0), floor(total / 2) before, the rest after).
- SeparableConv1D: that depthwise step without bias, then F.conv1d by the pointwise kernel [1, C·M, F] permuted
  to PyTorch's [F, C·M, 1], then the bias.
- ConvLSTM1D / ConvLSTM2D: Keras 3's ConvLSTMCell written out step by step with F.conv1d / F.conv2d:
  z = conv(x_t, W; strides, padding, dilation) + b + conv(h, U; stride 1, same padding), gates i, f, c, o in this
  order along the channels, c' = sigmoid(z_f) c + sigmoid(z_i) tanh(z_c), h' = sigmoid(z_o) tanh(c'); states
  start at zero; go_backwards reads the steps from the end and returns the outputs in that order, as Keras.
"""
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from torch_rnn_fixtures import write  # noqa: E402  (the hand-written safetensors writer)

torch.set_default_dtype(torch.float64)


def to_first(x, last):
    return x.movedim(-1, 1) if last else x


def to_format(y, last):
    return y.movedim(1, -1) if last else y


def padded(x, kernel_sizes, strides, dilations, padding):
    """x (channels first) padded by Keras's same padding on every spatial axis, or x with valid padding."""
    if padding != "same":
        return x
    widths = []
    for a in reversed(range(len(kernel_sizes))):
        size = x.shape[2 + a]
        out = -(-size // strides[a])
        total = max((out - 1) * strides[a] + (kernel_sizes[a] - 1) * dilations[a] + 1 - size, 0)
        widths += [total // 2, total - total // 2]
    return F.pad(x, widths)


def conv(x, kernel, strides, dilations, padding):
    """Keras's convolution of x (channels first) by kernel [k..., C_in, C_out]."""
    rank = kernel.dim() - 2
    weight = kernel.permute(rank + 1, rank, *range(rank))
    xp = padded(x, list(kernel.shape[:rank]), strides, dilations, padding)
    return {1: F.conv1d, 2: F.conv2d}[rank](xp, weight, stride=strides, dilation=dilations)


def depthwise(x, kernel, stride, dilation, padding):
    k, c, m = kernel.shape
    weight = kernel.reshape(k, c * m).t().unsqueeze(1)
    return F.conv1d(padded(x, [k], [stride], [dilation], padding), weight, stride=stride, dilation=dilation, groups=c)


def per_channel(b, rank):
    return b.reshape(1, -1, *([1] * rank))


def depthwise_layer(x, w, stride, dilation, padding, last):
    y = depthwise(to_first(x, last), w["depthwise_kernel"], stride, dilation, padding) + per_channel(w["bias"], 1)
    return [to_format(y, last)]


def separable_layer(x, w, stride, dilation, padding, last):
    mid = depthwise(to_first(x, last), w["depthwise_kernel"], stride, dilation, padding)
    y = F.conv1d(mid, w["pointwise_kernel"].permute(2, 1, 0)) + per_channel(w["bias"], 1)
    return [to_format(y, last)]


def conv_lstm(x, w, filters, strides, dilations, padding, last, backwards, sequences, state):
    rank = x.dim() - 3
    steps = [to_first(x[:, t], last) for t in range(x.shape[1])]
    if backwards:
        steps.reverse()
    h = c = None
    outputs = []
    for xt in steps:
        z = conv(xt, w["kernel"], strides, dilations, padding)
        if "bias" in w:
            z = z + per_channel(w["bias"], rank)
        if h is None:
            h = torch.zeros_like(z[:, :filters])
            c = torch.zeros_like(h)
        z = z + conv(h, w["recurrent_kernel"], [1] * rank, [1] * rank, "same")
        i, f, g, o = z.split(filters, dim=1)
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)
        outputs.append(h)
    if sequences:
        y = torch.stack(outputs, 1)
        y = y.movedim(2, -1) if last else y
    else:
        y = to_format(h, last)
    return [y] + ([to_format(h, last), to_format(c, last)] if state else [])


def case(seed, x_shape, forward, weights):
    torch.manual_seed(seed)
    x = torch.empty(x_shape).uniform_(-1, 1).requires_grad_()
    w = {name: torch.empty(shape).uniform_(-0.5, 0.5).requires_grad_() for name, shape in weights}
    out = torch.cat([y.reshape(-1) for y in forward(x, w)])
    r = torch.empty(out.shape).uniform_(-1, 1)
    (out * r).sum().backward()
    tensors = {"x": x, "out": out, "r": r, "grad/x": x.grad}
    for name, p in w.items():
        tensors["param/" + name] = p
        tensors["grad/" + name] = p.grad
    return {k: v.detach().numpy() for k, v in tensors.items()}


def depthwise_case(seed, x_shape, k, m, stride, dilation, padding, last):
    c = x_shape[-1] if last else x_shape[1]
    return case(seed, x_shape, lambda x, w: depthwise_layer(x, w, stride, dilation, padding, last),
                (("depthwise_kernel", (k, c, m)), ("bias", (c * m,))))


def separable_case(seed, x_shape, filters, k, m, stride, dilation, padding, last):
    c = x_shape[-1] if last else x_shape[1]
    return case(seed, x_shape, lambda x, w: separable_layer(x, w, stride, dilation, padding, last),
                (("depthwise_kernel", (k, c, m)), ("pointwise_kernel", (1, c * m, filters)), ("bias", (filters,))))


def conv_lstm_case(seed, x_shape, filters, kernel, strides, dilations, padding, last, backwards=False,
                   sequences=False, state=False, bias=True):
    c = x_shape[-1] if last else x_shape[2]
    weights = [("kernel", tuple(kernel) + (c, 4 * filters)),
               ("recurrent_kernel", tuple(kernel) + (filters, 4 * filters))]
    if bias:
        weights.append(("bias", (4 * filters,)))
    return case(seed, x_shape, lambda x, w: conv_lstm(x, w, filters, strides, dilations, padding, last, backwards,
                                                      sequences, state), weights)


def main():
    cases = {
        "depthwise_conv1d_valid_strided": lambda: depthwise_case(1, (2, 7, 3), 3, 2, 2, 1, "valid", True),
        "depthwise_conv1d_same_dilated_first": lambda: depthwise_case(2, (2, 3, 8), 3, 1, 1, 2, "same", False),
        "depthwise_conv1d_same_even_kernel": lambda: depthwise_case(3, (2, 6, 2), 4, 3, 1, 1, "same", True),
        "depthwise_conv1d_same_strided": lambda: depthwise_case(4, (1, 7, 2), 2, 2, 3, 1, "same", True),
        "separable_conv1d_valid": lambda: separable_case(5, (2, 6, 3), 4, 3, 2, 1, 1, "valid", True),
        "separable_conv1d_same_strided_first": lambda: separable_case(6, (2, 3, 7), 2, 4, 1, 2, 1, "same", False),
        "separable_conv1d_same_dilated": lambda: separable_case(7, (2, 9, 2), 3, 2, 2, 1, 3, "same", True),
        "conv_lstm1d_same_states": lambda: conv_lstm_case(8, (2, 4, 5, 3), 2, [3], [1], [1], "same", True,
                                                          sequences=True, state=True),
        "conv_lstm1d_valid_strided_backwards_first": lambda: conv_lstm_case(9, (2, 3, 2, 7), 3, [2], [2], [1],
                                                                            "valid", False, backwards=True,
                                                                            sequences=True),
        "conv_lstm2d_same_states": lambda: conv_lstm_case(10, (2, 3, 4, 5, 2), 2, [3, 2], [1, 1], [1, 1], "same",
                                                          True, state=True),
        "conv_lstm2d_dilated_first_no_bias": lambda: conv_lstm_case(11, (1, 3, 2, 5, 6), 2, [2, 2], [1, 1],
                                                                    [2, 1], "valid", False, sequences=True,
                                                                    bias=False),
        "conv_lstm2d_same_strided": lambda: conv_lstm_case(12, (2, 2, 5, 4, 1), 3, [2, 3], [2, 2], [1, 1],
                                                           "same", True),
    }
    tensors = {}
    for name, make in sorted(cases.items()):
        for k, v in make().items():
            tensors[name + "/" + k] = v
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.normpath(os.path.join(here, "..", "resources", "fixtures", "torch_convrnn.safetensors"))
    write(path, tensors, {"generator": "nn/src/test/python/torch_convrnn_fixtures.py", "torch": torch.__version__})
    print("wrote", len(tensors), "tensors to", path, file=sys.stderr)
    for name in sorted(cases):
        print(name, tensors[name + "/x"].shape, "->", tensors[name + "/out"].shape, file=sys.stderr)


if __name__ == "__main__":
    main()
