"""Prints the Keras reference values pinned by RecurrentArgumentsTest and RecurrentRegularizersTest.

Run with a Python that has NumPy:

    /usr/bin/python3 nn/src/test/python/recurrent_arguments_fixtures.py

Keras 3's SimpleRNN, LSTM (gates i, f, c, o) and GRU (gates z, r, h) cells and its penalties, written in NumPy.
x, y and every weight are v(shape, offset) = ((37 k + offset) mod 19 - 9) / 10 at flat index k (exact decimals, so
the Java tests build the same values): offset 1 for x, 2 for y, 3, 4, 5 for the kernel W, the recurrent kernel U
and the bias b, and 6, 7, 8 for a Bidirectional's backward copy. N = 2 sequences of T = 3 steps of F = 2 features,
H = 2 units. Keras's L2(l) adds l sum w^2 (Adjoint's L2.keras(l)), L1(l) adds l sum |w|, and an activity
regularizer adds R(o) / N for each output o of the layer (Keras 3's Layer.__call__ divides by the batch size).
"""
import numpy as np

np.set_printoptions(precision=17)
N, T, F, H = 2, 3, 2, 2


def v(shape, offset):
    k = np.arange(int(np.prod(shape)))
    return (((k * 37 + offset) % 19 - 9) / 10.0).reshape(shape)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def hard_sigmoid(z):  # Keras 3: relu6(z + 3) / 6
    return np.clip(z + 3, 0, 6) / 6


def softsign(z):
    return z / (1 + np.abs(z))


x = v((N, T, F), 1)


def lstm(W, U, b, phi=np.tanh, sigma=sigmoid, backwards=False):
    """Every step's h (in the order run), and the final h and c."""
    h, c, hs = np.zeros((N, H)), np.zeros((N, H)), []
    for t in (range(T - 1, -1, -1) if backwards else range(T)):
        z = x[:, t] @ W + h @ U + b
        i, f, cc, o = sigma(z[:, :H]), sigma(z[:, H:2 * H]), phi(z[:, 2 * H:3 * H]), sigma(z[:, 3 * H:])
        c = f * c + i * cc
        h = o * phi(c)
        hs.append(h)
    return np.stack(hs, 1), h, c


def gru_reset_after(W, U, b):
    h = np.zeros((N, H))
    for t in range(T):
        xx, rr = x[:, t] @ W + b[0], h @ U + b[1]
        z = sigmoid(xx[:, :H] + rr[:, :H])
        r = sigmoid(xx[:, H:2 * H] + rr[:, H:2 * H])
        h = z * h + (1 - z) * np.tanh(xx[:, 2 * H:] + r * rr[:, 2 * H:])
    return h


def gru_reset_before(W, U, b, phi, sigma):
    h = np.zeros((N, H))
    for t in range(T):
        xx = x[:, t] @ W + b
        z = sigma(xx[:, :H] + h @ U[:, :H])
        r = sigma(xx[:, H:2 * H] + h @ U[:, H:2 * H])
        h = z * h + (1 - z) * phi(xx[:, 2 * H:] + (r * h) @ U[:, 2 * H:])
    return h


def simple_rnn(W, U, b, phi=np.tanh):
    h = np.zeros((N, H))
    for t in range(T):
        h = phi(x[:, t] @ W + h @ U + b)
    return h


def l1(strength, w):
    return strength * np.abs(w).sum()


def l2(strength, w):  # Keras's L2
    return strength * (w ** 2).sum()


def mse(out, y):
    return np.mean((out - y) ** 2)


def penalties(W, U, b):  # kernel L2(0.1), recurrent L1(0.05), bias L2(0.3)
    return l2(0.1, W) + l1(0.05, U) + l2(0.3, b)


def show(label, value):
    print(label, repr(np.ravel(value).tolist()))


# RecurrentRegularizersTest: J = mse + penalties + activity L1(0.02) of every output / N; and the data term.
y = v((N, H), 2)
W, U, b = v((F, 4 * H), 3), v((H, 4 * H), 4), v((4 * H,), 5)
_, h, c = lstm(W, U, b)  # returnState: outputs h, then the states h and c
show("lstm(returnState) L, J", [mse(h, y), mse(h, y) + penalties(W, U, b) + (2 * l1(0.02, h) + l1(0.02, c)) / N])
W, U, b = v((F, 3 * H), 3), v((H, 3 * H), 4), v((2, 3 * H), 5)
h = gru_reset_after(W, U, b)
show("gru L, J", [mse(h, y), mse(h, y) + penalties(W, U, b) + l1(0.02, h) / N])
W, U, b = v((F, H), 3), v((H, H), 4), v((H,), 5)
h = simple_rnn(W, U, b)
show("simple_rnn L, J", [mse(h, y), mse(h, y) + penalties(W, U, b) + l1(0.02, h) / N])
y2 = v((N, 2 * H), 2)
forward = [v((F, 4 * H), 3), v((H, 4 * H), 4), v((4 * H,), 5)]
backward = [v((F, 4 * H), 6), v((H, 4 * H), 7), v((4 * H,), 8)]
merged = np.concatenate([lstm(*forward)[1], lstm(*backward, backwards=True)[1]], axis=1)
show("bidirectional(lstm) L, J (weight penalties and activity of both copies)",
     [mse(merged, y2), mse(merged, y2) + penalties(*forward) + penalties(*backward)
      + (l1(0.02, lstm(*forward)[1]) + l1(0.02, lstm(*backward, backwards=True)[1])) / N])


def lstm_masked(W, U, b, m, backwards=False):
    """Keras's LSTM under a mask m [N, T], as Bidirectional runs it (zero_output_for_mask): a step where m = 0 keeps
    the states and outputs zeros. Every step's output (in the order run), and the final h and c."""
    h, c, outs = np.zeros((N, H)), np.zeros((N, H)), []
    for t in (range(T - 1, -1, -1) if backwards else range(T)):
        z = x[:, t] @ W + h @ U + b
        i, f, cc, o = sigmoid(z[:, :H]), sigmoid(z[:, H:2 * H]), np.tanh(z[:, 2 * H:3 * H]), sigmoid(z[:, 3 * H:])
        c_new = f * c + i * cc
        h_new = o * np.tanh(c_new)
        keep = m[:, t:t + 1] > 0
        h, c = np.where(keep, h_new, h), np.where(keep, c_new, c)
        outs.append(np.where(keep, h_new, 0.0))
    return np.stack(outs, 1), h, c


# Bidirectional(LSTM(2, return_sequences, return_state, activity_regularizer=L1(0.02))) under a mask: the merged
# sequence, and the activity loss, sum over both copies' outputs (sequence, h, c) of 0.02 sum |o| / N.
m = np.array([[0.0, 1.0, 1.0], [1.0, 1.0, 0.0]])
f_out = lstm_masked(*forward, m)
b_out = lstm_masked(*backward, m, backwards=True)
show("bidirectional(lstm, sequences, states) under a mask: merged output", np.concatenate([f_out[0],
     b_out[0][:, ::-1]], axis=2))
show("bidirectional(lstm, sequences, states) under a mask: activity loss",
     sum(l1(0.02, o) for o in f_out + b_out) / N)

# RecurrentArgumentsTest: the withers' arguments, without bias where useBias(false).
seq, _, _ = lstm(v((F, 4 * H), 3), v((H, 4 * H), 4), 0, phi=softsign, sigma=hard_sigmoid)
show("lstm softsign / hard_sigmoid / no bias, every step", seq)
show("gru softsign / hard_sigmoid / reset before",
     gru_reset_before(v((F, 3 * H), 3), v((H, 3 * H), 4), v((3 * H,), 5), softsign, hard_sigmoid))
show("simple_rnn softsign / no bias", simple_rnn(v((F, H), 3), v((H, H), 4), 0, phi=softsign))
