# Writes gamma-functions.csv: reference values of lgamma, digamma and polygamma (orders 1, 2, 5) at double
# arguments, computed with mpmath at 60 significant digits and rounded once to the nearest double (Python's repr
# round-trips exactly). Run once with /usr/bin/python3 (mpmath 1.2.1); the CSV is committed.
# Columns: function, x, f(x), scale. For x > 0 the scale is |f(x)|; for x < 0 it is the larger of the two terms
# of the reflection formula the kernel uses, the size its absolute error is measured against.
import random
import mpmath as m

m.mp.dps = 60
random.seed(20261205)

positive = [1e-300, 1e-20, 1e-8, 0.1, 0.25, 0.4999999999999999, 0.5, 0.75, 0.9999999999999999, 1.0,
            1.0000000000000002, 1.25, 1.4616321449683622, 1.46, 1.47, 1.4999999999999998, 1.5, 1.9999999999999998,
            2.0, 2.0000000000000004, 2.25, 2.4999999999999996, 2.5, 3.0, 5.5, 7.999999999999999, 8.0, 9.999999999999998,
            10.0, 12.5, 20.0, 100.0, 1e5, 1e10, 1e15, 1e20, 1e100, 1e300]
positive += [random.uniform(0, 3) for _ in range(300)] + [random.uniform(3, 30) for _ in range(150)]
positive += [10 ** random.uniform(-12, 12) for _ in range(150)]
negative = [-1e-300, -1e-8, -0.1, -0.5, -0.75, -1.5, -2.5, -3.7, -10.3, -100.25, -1e5 - 0.5]
negative += [random.uniform(-8, 0) for _ in range(250)]


def cot_derivative(n, x):
    return m.diff(lambda t: m.pi * m.cot(m.pi * t), x, n) if n > 0 else m.pi * m.cot(m.pi * x)


functions = {
    'lgamma': (lambda x: m.log(abs(m.gamma(x))),
               lambda x: max(abs(m.log(m.pi / abs(x * m.sin(m.pi * x)))), abs(m.log(abs(m.gamma(-x)))))),
    'digamma': (m.digamma, lambda x: max(abs(m.digamma(1 - x)), abs(m.pi * m.cot(m.pi * x)))),
}
for n in (1, 2, 5):
    functions['polygamma%d' % n] = (
        (lambda n: lambda x: m.polygamma(n, x))(n),
        (lambda n: lambda x: max(abs(m.polygamma(n, 1 - x)), abs(m.polygamma(n, x) - (-1) ** n * m.polygamma(n, 1 - x))))(n))

def fmt(v):
    v = float(v)
    return {float('inf'): 'Infinity', float('-inf'): '-Infinity'}.get(v, repr(v))  # as Java's parseDouble reads them


with open('gamma-functions.csv', 'w') as out:
    out.write('# written by gamma-functions.py: function, x, f(x) to 60 digits rounded once, scale\n')
    for name, (f, scale) in functions.items():
        for x in positive + negative:
            v = f(m.mpf(x))
            s = abs(v) if x > 0 else scale(m.mpf(x))
            out.write('%s,%r,%s,%s\n' % (name, x, fmt(v), fmt(s)))
