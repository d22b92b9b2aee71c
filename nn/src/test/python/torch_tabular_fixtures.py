"""Writes the PyTorch fixtures of the tabular use-case tests (dev.adjoint.usercode.tabular):

    /usr/bin/python3 nn/src/test/python/torch_tabular_fixtures.py

Each program of a test is written again here in PyTorch 1.13, in float64: the same CSV rows (from
nn/src/test/resources/tabular/), the same scaling measured on the training rows, the same initial weights (drawn
here and stored in the fixture, Keras's layout: a kernel is [in, out]), the same batches in file order (no
shuffling), the loss and its weighting as Keras defines them (a sample or class weight w_n multiplies example n's
loss, and a batch's loss is sum_n w_n l_n / batch size; an epoch's figure is the mean over its examples), and the
optimizer and learning-rate callback written out as Keras 3 documents them (torch.optim's Adam puts epsilon
elsewhere, and its ReduceLROnPlateau counts patience differently). Gradients come from torch.autograd.
Writes nn/src/test/resources/fixtures/torch_tabular.safetensors, by hand in the safetensors format.
"""
import csv
import json
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "resources", "tabular"))
torch.set_default_dtype(torch.float64)


def read(name):
    with open(os.path.join(DATA, name), newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def standardize(train):
    mean = train.mean(axis=0)
    std = train.std(axis=0)
    std[std <= 1e-6] = 1.0
    return mean, std


def dense_init(rng, n_in, n_out):
    return rng.uniform(-0.5, 0.5, (n_in, n_out)), rng.uniform(-0.1, 0.1, (n_out,))


def huber(e, delta=1.0):
    a = e.abs()
    return torch.where(a <= delta, 0.5 * e * e, delta * a - 0.5 * delta * delta)


class KerasAdam:
    """Keras 3's Adam: alpha = lr sqrt(1 - b2^t) / (1 - b1^t); w -= alpha m / (sqrt(v) + eps)."""

    def __init__(self, params, lr, b1=0.9, b2=0.999, eps=1e-7):
        self.params, self.lr, self.b1, self.b2, self.eps, self.t = params, lr, b1, b2, eps, 0
        self.m = [torch.zeros_like(p) for p in params]
        self.v = [torch.zeros_like(p) for p in params]

    def step(self):
        self.t += 1
        alpha = self.lr * np.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)
        with torch.no_grad():
            for p, m, v in zip(self.params, self.m, self.v):
                m.mul_(self.b1).add_((1 - self.b1) * p.grad)
                v.mul_(self.b2).add_((1 - self.b2) * p.grad * p.grad)
                p.sub_(alpha * m / (v.sqrt() + self.eps))


class KerasMomentum:
    """Keras 3's SGD with momentum: v = mu v - lr g; w += v."""

    def __init__(self, params, lr, mu):
        self.params, self.lr, self.mu = params, lr, mu
        self.vel = [torch.zeros_like(p) for p in params]

    def step(self):
        with torch.no_grad():
            for p, v in zip(self.params, self.vel):
                v.mul_(self.mu).sub_(self.lr * p.grad)
                p.add_(v)


class KerasReduceLROnPlateau:
    """Keras 3's ReduceLROnPlateau in 'min' mode: after `patience` epochs without a value below best - min_delta."""

    def __init__(self, factor, patience, min_delta, cooldown=0, min_lr=0.0):
        self.factor, self.patience, self.min_delta, self.cooldown, self.min_lr = factor, patience, min_delta, cooldown, min_lr
        self.best, self.wait, self.cooling = np.inf, 0, 0

    def epoch_end(self, value, optimizer):
        if self.cooling > 0:
            self.cooling -= 1
            self.wait = 0
        if value < self.best - self.min_delta:
            self.best, self.wait = value, 0
        elif self.cooling == 0:
            self.wait += 1
            if self.wait >= self.patience and optimizer.lr > self.min_lr:
                optimizer.lr = max(optimizer.lr * self.factor, self.min_lr)
                self.cooling, self.wait = self.cooldown, 0


def mlp(params, x, hidden):
    k1, b1, k2, b2 = params
    return hidden(x @ k1 + b1) @ k2 + b2


def diabetes_huber():
    """Regression: diabetes.csv, rows 0..399 fitted with validationSplit 0.25, rows 400..441 predicted."""
    _, rows = read("diabetes.csv")
    data = np.array(rows, dtype=np.float64)
    x, y = data[:, :10], data[:, 10:]
    train = 300
    mx, sx = standardize(x[:train])
    my, sy = standardize(y[:train])
    xs, ys = (x - mx) / sx, (y - my) / sy
    w = np.where(x[:, 1] == 2, 2.0, 1.0)  # sample weights: sex code 2 counts twice
    rng = np.random.RandomState(11)
    k1, b1 = dense_init(rng, 10, 16)
    k2, b2 = dense_init(rng, 16, 1)
    init = {"dense/kernel": k1, "dense/bias": b1, "dense_1/kernel": k2, "dense_1/bias": b2}
    params = [torch.tensor(a, requires_grad=True) for a in (k1, b1, k2, b2)]
    opt = KerasAdam(params, lr=0.02)
    plateau = KerasReduceLROnPlateau(factor=0.5, patience=1, min_delta=1e-4)
    X, Y, W = torch.tensor(xs), torch.tensor(ys), torch.tensor(w)
    hist = {"loss": [], "val_loss": [], "learning_rate": []}
    for epoch in range(8):
        hist["learning_rate"].append(opt.lr)  # the rate this epoch trained with
        total = 0.0
        for start in range(0, train, 32):
            end = min(start + 32, train)
            for p in params:
                p.grad = None
            per = huber(mlp(params, X[start:end], torch.relu) - Y[start:end]).mean(dim=1)
            loss = (W[start:end] * per).sum() / (end - start)
            loss.backward()
            opt.step()
            total += loss.item() * (end - start)
        hist["loss"].append(total / train)
        with torch.no_grad():
            per = huber(mlp(params, X[train:400], torch.relu) - Y[train:400]).mean(dim=1)
            val = ((W[train:400] * per).sum() / (400 - train)).item()
        hist["val_loss"].append(val)
        plateau.epoch_end(val, opt)
    with torch.no_grad():
        predicted = mlp(params, X[400:], torch.relu).numpy() * sy + my
    out = {"init/" + k: v for k, v in init.items()}
    out.update({"final/" + k: p.detach().numpy() for k, p in zip(init, params)})
    out.update({"history/" + k: np.array(v) for k, v in hist.items()})
    out["predicted"] = predicted
    return out


def wine_sparse():
    """Three classes: wine.csv, rows 0..139 fitted with class weights, rows 140..177 as validation data."""
    header, rows = read("wine.csv")
    x = np.array([r[:-1] for r in rows], dtype=np.float64)
    names = sorted(set(r[-1] for r in rows))
    y = np.array([names.index(r[-1]) for r in rows])
    train = 140
    mx, sx = standardize(x[:train])
    xs = (x - mx) / sx
    class_weights = np.array([1.0, 0.7, 1.6])
    rng = np.random.RandomState(12)
    k1, b1 = dense_init(rng, 13, 8)
    k2, b2 = dense_init(rng, 8, 3)
    init = {"dense/kernel": k1, "dense/bias": b1, "dense_1/kernel": k2, "dense_1/bias": b2}
    params = [torch.tensor(a, requires_grad=True) for a in (k1, b1, k2, b2)]
    opt = KerasMomentum(params, lr=0.05, mu=0.9)
    X, Y = torch.tensor(xs), torch.tensor(y)
    W = torch.tensor(class_weights[y])
    hist = {"loss": [], "sparse_categorical_accuracy": [], "val_loss": [], "val_sparse_categorical_accuracy": []}
    for epoch in range(6):
        total, correct = 0.0, 0
        for start in range(0, train, 16):
            end = min(start + 16, train)
            for p in params:
                p.grad = None
            logits = mlp(params, X[start:end], torch.tanh)
            per = torch.nn.functional.cross_entropy(logits, Y[start:end], reduction="none")
            loss = (W[start:end] * per).sum() / (end - start)
            loss.backward()
            opt.step()
            total += loss.item() * (end - start)
            correct += (logits.argmax(dim=1) == Y[start:end]).sum().item()
        hist["loss"].append(total / train)
        hist["sparse_categorical_accuracy"].append(correct / train)
        with torch.no_grad():
            logits = mlp(params, X[train:], torch.tanh)
            hist["val_loss"].append(torch.nn.functional.cross_entropy(logits, Y[train:]).item())
            hist["val_sparse_categorical_accuracy"].append((logits.argmax(dim=1) == Y[train:]).double().mean().item())
    with torch.no_grad():
        probabilities = torch.softmax(mlp(params, X[train:], torch.tanh), dim=1).numpy()
    out = {"init/" + k: v for k, v in init.items()}
    out.update({"final/" + k: p.detach().numpy() for k, p in zip(init, params)})
    out.update({"history/" + k: np.array(v) for k, v in hist.items()})
    out["probabilities"] = probabilities
    return out


def iris_resumed():
    """Iris: rows 0..119 fitted for 3 epochs, saved, reloaded and fitted 3 more; here one run of 6 epochs."""
    _, rows = read("iris.csv")
    x = np.array([r[:-1] for r in rows], dtype=np.float64)
    names = sorted(set(r[-1] for r in rows))
    y = np.array([names.index(r[-1]) for r in rows])
    train = 120
    mx, sx = standardize(x[:train])
    X, Y = torch.tensor((x - mx) / sx), torch.tensor(y)
    rng = np.random.RandomState(13)
    k1, b1 = dense_init(rng, 4, 8)
    k2, b2 = dense_init(rng, 8, 3)
    init = {"dense/kernel": k1, "dense/bias": b1, "dense_1/kernel": k2, "dense_1/bias": b2}
    params = [torch.tensor(a, requires_grad=True) for a in (k1, b1, k2, b2)]
    opt = KerasAdam(params, lr=0.01)
    losses = []
    for epoch in range(6):
        total = 0.0
        for start in range(0, train, 16):
            end = min(start + 16, train)
            for p in params:
                p.grad = None
            loss = torch.nn.functional.cross_entropy(mlp(params, X[start:end], torch.relu), Y[start:end])
            loss.backward()
            opt.step()
            total += loss.item() * (end - start)
        losses.append(total / train)
    with torch.no_grad():
        logits = mlp(params, X[train:], torch.relu).numpy()
    out = {"init/" + k: v for k, v in init.items()}
    out.update({"final/" + k: p.detach().numpy() for k, p in zip(init, params)})
    out["history/loss"] = np.array(losses)
    out["logits"] = logits
    return out


def write(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(np.asarray(tensors[name], dtype=np.float64))
        data = a.astype("<f8").tobytes()
        header[name] = {"dtype": "F64", "shape": list(a.shape), "data_offsets": [offset, offset + len(data)]}
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
    tensors = {}
    for name, program in (("diabetes_huber", diabetes_huber), ("wine_sparse", wine_sparse),
                          ("iris_resumed", iris_resumed)):
        for k, v in program().items():
            tensors[name + "/" + k] = v
    path = os.path.normpath(os.path.join(HERE, "..", "resources", "fixtures", "torch_tabular.safetensors"))
    write(path, tensors, {"generator": "nn/src/test/python/torch_tabular_fixtures.py", "torch": torch.__version__})
    print("wrote", len(tensors), "tensors to", path, file=sys.stderr)


if __name__ == "__main__":
    main()
