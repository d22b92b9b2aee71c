"""Writes bessel-functions.csv: reference values of i0, i0e, i1, i1e (the modified Bessel functions of the first kind
of orders 0 and 1, and e^-|x| times them) at double arguments, computed with mpmath at 60 significant digits and
rounded once to the nearest double (parsing 40 digits). Run once with /usr/bin/python3 (mpmath 1.2.1); the CSV is
committed. Columns: function, x, f(x) (Infinity where it overflows). With --coefficients it prints instead the
Chebyshev coefficients of BesselFunctions: sqrt(x) e^-x I0(x) and sqrt(x) e^-x I1(x) on [8, inf) in t = 16/x - 1, by
interpolation at 60 Chebyshev nodes, kept down to 1e-18 of the largest."""
import random
import sys
import mpmath

mpmath.mp.dps = 60
random.seed(20261205)


def chebyshev(f, n=60):
    """c_0..c_(n-1) with f(t) = sum c_k T_k(t) on [-1, 1], by interpolation at the n Chebyshev nodes."""
    nodes = [mpmath.cos(mpmath.pi * (j + mpmath.mpf(1) / 2) / n) for j in range(n)]
    values = [f(t) for t in nodes]
    c = [2 * mpmath.fsum(values[j] * mpmath.cos(mpmath.pi * k * (j + mpmath.mpf(1) / 2) / n) for j in range(n)) / n
         for k in range(n)]
    c[0] /= 2
    return c


def large(order):
    """sqrt(x) e^-x I_order(x) as a function of t = 16/x - 1; 1/sqrt(2 pi) at t = -1 (x = inf)."""
    return lambda t: 1 / mpmath.sqrt(2 * mpmath.pi) if t + 1 == 0 else \
        mpmath.sqrt(16 / (t + 1)) * mpmath.exp(-16 / (t + 1)) * mpmath.besseli(order, 16 / (t + 1))


if "--coefficients" in sys.argv:
    for name, order in [("I0_LARGE", 0), ("I1_LARGE", 1)]:
        c = chebyshev(large(order))
        largest = max(abs(v) for v in c)
        while abs(c[-1]) < mpmath.mpf("1e-18") * largest:
            c.pop()
        print(name, ", ".join(repr(float(v)) for v in c))
    sys.exit()


def points(lo, hi, n):
    return [random.uniform(lo, hi) for _ in range(n)]


args = ([0.0, 1e-300, 5e-324, 1e-20, 1e-9, 0.015625, 0.5, 1.0, 7.999999999999999, 8.0, 8.000000000000002, 20.0,
         100.0, 699.9999999999999, 700.0, 709.78, 709.79, 711.0, 713.98, 713.99, 714.0]
        + points(0, 8, 120) + points(8, 50, 60) + points(50, 714, 60)
        + [10 ** random.uniform(-300, 0) for _ in range(20)])
args = args + [-x for x in args[:21]] + [-x for x in points(0, 30, 20)]
functions = [("i0", lambda x: mpmath.besseli(0, x)), ("i0e", lambda x: mpmath.exp(-abs(x)) * mpmath.besseli(0, x)),
             ("i1", lambda x: mpmath.besseli(1, x)), ("i1e", lambda x: mpmath.exp(-abs(x)) * mpmath.besseli(1, x))]
rows = []
for name, f in functions:
    for x in args:
        value = f(mpmath.mpf(x))
        if abs(value) > mpmath.mpf("1.7976931348623158e308"):  # beyond the largest double and half an ulp
            rounded = "Infinity" if value > 0 else "-Infinity"
        else:
            rounded = repr(float(mpmath.nstr(value, 40, strip_zeros=False)))
        rows.append("%s,%r,%s" % (name, x, rounded))
with open("bessel-functions.csv", "w") as out:
    out.write("# " + __doc__.replace("\n", " ") + "\n")
    out.write("\n".join(rows) + "\n")
