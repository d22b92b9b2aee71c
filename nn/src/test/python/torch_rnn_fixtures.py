"""Writes the PyTorch agreement fixtures of Adjoint's recurrent layers.

Run once, with a Python that has PyTorch (Debian's python3-torch):

    /usr/bin/python3 nn/src/test/python/torch_rnn_fixtures.py

It writes nn/src/test/resources/fixtures/torch_rnn.safetensors: for each case, random weights in PyTorch's
layout, the inputs, the outputs of torch.nn.RNN / LSTM / GRU (plain, bidirectional, and on padded sequences of
several lengths through pack_padded_sequence), and the gradients of a fixed random linear function of the outputs
with respect to every input and weight; every case in float64 and again in float32 (the same numbers rounded).
RnnTorchAgreementTest reads the file; the tests do not need PyTorch. The file is written by hand in the
safetensors format (8-byte little-endian header length, JSON header, raw little-endian data), so nothing beyond
PyTorch and NumPy is needed.
"""
import json
import os
import struct
import sys

import numpy as np
import torch

N, T, F, H = 3, 5, 4, 6
LENGTHS = [5, 3, 1]  # right-padded, longest first (pack_padded_sequence's enforce_sorted)


def case(kind, bidirectional=False, packed=False, initial=True, dtype=torch.float64, seed=0):
    torch.manual_seed(seed)
    cls = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind]
    net = cls(F, H, batch_first=True, bidirectional=bidirectional).double()
    with torch.no_grad():
        for p in net.parameters():
            p.uniform_(-0.5, 0.5)
    net = net.to(dtype)
    dirs = 2 if bidirectional else 1
    x = torch.empty(N, T, F, dtype=torch.float64).uniform_(-1, 1).to(dtype).requires_grad_()
    h0 = torch.empty(dirs, N, H, dtype=torch.float64).uniform_(-0.5, 0.5).to(dtype).requires_grad_()
    c0 = torch.empty(dirs, N, H, dtype=torch.float64).uniform_(-0.5, 0.5).to(dtype).requires_grad_()
    state = None
    if initial:
        state = (h0, c0) if kind == "lstm" else h0
    inp = x
    if packed:
        inp = torch.nn.utils.rnn.pack_padded_sequence(x, torch.tensor(LENGTHS), batch_first=True)
    out, hidden = net(inp, state)
    if packed:
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=T)
    h_n, c_n = hidden if kind == "lstm" else (hidden, None)
    r = torch.empty(out.shape, dtype=torch.float64).uniform_(-1, 1).to(dtype)
    s = torch.empty(h_n.shape, dtype=torch.float64).uniform_(-1, 1).to(dtype)
    q = torch.empty(h_n.shape, dtype=torch.float64).uniform_(-1, 1).to(dtype)
    loss = (out * r).sum() + (h_n * s).sum() + ((c_n * q).sum() if c_n is not None else 0)
    loss.backward()
    tensors = {"x": x, "out": out, "h_n": h_n, "r": r, "s": s, "grad/x": x.grad}
    if initial:
        tensors.update({"h0": h0, "grad/h0": h0.grad})
    if c_n is not None:
        tensors.update({"c_n": c_n, "q": q})
        if initial:
            tensors.update({"c0": c0, "grad/c0": c0.grad})
    for name, p in net.named_parameters():
        tensors["param/" + name] = p
        tensors["grad/" + name] = p.grad
    if packed:
        tensors["lengths"] = torch.tensor(LENGTHS, dtype=dtype)
    return {k: v.detach().numpy() for k, v in tensors.items()}


def write(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name])
        dtype = {"float64": "F64", "float32": "F32"}[str(a.dtype)]
        data = a.astype(a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    cases = {
        "rnn": dict(kind="rnn"),
        "lstm": dict(kind="lstm"),
        "gru": dict(kind="gru"),
        "lstm_bidirectional": dict(kind="lstm", bidirectional=True, initial=False),
        "gru_bidirectional": dict(kind="gru", bidirectional=True, initial=False),
        "lstm_packed": dict(kind="lstm", packed=True, initial=False),
        "gru_packed": dict(kind="gru", packed=True, initial=False),
    }
    tensors = {}
    for seed, (name, args) in enumerate(sorted(cases.items())):
        for dtype, prefix in ((torch.float64, "f64"), (torch.float32, "f32")):
            for k, v in case(dtype=dtype, seed=seed, **args).items():
                tensors[prefix + "/" + name + "/" + k] = v
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "resources", "fixtures", "torch_rnn.safetensors")
    write(os.path.normpath(path), tensors, {"generator": "nn/src/test/python/torch_rnn_fixtures.py",
                                            "torch": torch.__version__, "sizes": "N=%d T=%d F=%d H=%d" % (N, T, F, H)})
    print("wrote", len(tensors), "tensors to", os.path.normpath(path), file=sys.stderr)


if __name__ == "__main__":
    main()
