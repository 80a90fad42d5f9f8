"""The reference of bench/clv.sh: BG/NBD and Gamma-Gamma fitted by maximum likelihood and
customers scored, in NumPy/SciPy (Debian's python3-numpy and python3-scipy), independently
of Nazar's code: the likelihoods as lifetimes writes them (vectorised over customers,
log-parameters), scipy.optimize.minimize (BFGS, its finite-difference gradient), the
conditional expectation with scipy.special.hyp2f1 in the paper's own form, the same CLV
definition (4-week periods, discounted from each period's end at a yearly rate).

Usage: clv_reference.py SUMMARY.csv [SCORES.csv NAZAR.json] > result.json
SUMMARY has frequency,recency,T,monetary_value; SCORES (Nazar's, optional) is compared
customer by customer with these formulas at the parameters Nazar fitted (from NAZAR.json).
"""
import json
import sys
import time

import numpy as np
import scipy
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, hyp2f1

HORIZON_WEEKS, PERIOD_WEEKS, ANNUAL_RATE = 52.0, 4.0, 0.1
WEEKS_PER_YEAR = 365.25 / 7


def bgnbd_negative_ll(log_params, x, t_x, T):
    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = betaln(a, b + x) - betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(x > 0, betaln(a + 1, b + np.maximum(x, 1) - 1) - betaln(a, b)
                  - (r + x) * np.log(alpha + t_x), -np.inf)
    return -np.sum(a1 + np.logaddexp(a2 + a3, a4)) / len(x)


def gg_negative_ll(log_params, x, m):
    p, q, v = np.exp(log_params)
    ll = (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v)
          + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(x * m + v))
    return -np.sum(ll) / len(x)


def fit(f, start, args):
    res = minimize(f, np.log(start), args=args, method="BFGS", options={"gtol": 1e-8})
    return np.exp(res.x), -res.fun * len(args[0]), res


def conditional_expected(r, alpha, a, b, x, t_x, T, t):
    z = t / (alpha + T + t)
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
                                       * hyp2f1(r + x, b + x, a + b + x - 1, z))
    return num / p_alive_odds(r, alpha, a, b, x, t_x, T)


def p_alive_odds(r, alpha, a, b, x, t_x, T):
    return 1 + np.where(x > 0, a / (b + np.maximum(x, 1) - 1)
                        * ((alpha + T) / (alpha + t_x)) ** (r + x), 0)


def score(purchases, spend, x, t_x, T, m):
    r, alpha, a, b = purchases
    p, q, v = spend
    alive = 1 / p_alive_odds(r, alpha, a, b, x, t_x, T)
    clv = np.zeros(len(x))
    before = np.zeros(len(x))
    t = 0.0
    while True:
        t = min(t + PERIOD_WEEKS, HORIZON_WEEKS)
        expected = conditional_expected(r, alpha, a, b, x, t_x, T, t)
        clv += (expected - before) * (1 + ANNUAL_RATE) ** (-t / WEEKS_PER_YEAR)
        before = expected
        if t >= HORIZON_WEEKS:
            break
    return alive, before, clv * p * (v + x * m) / (p * x + q - 1)


def main():
    data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
    x, t_x, T, m = data[:, 0], data[:, 1], data[:, 2], data[:, 3]
    out = {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__,
           "method": "NumPy log-likelihoods, scipy.optimize.minimize BFGS with finite-difference "
                     "gradients, scipy.special.hyp2f1 for the expectations",
           "customers": len(x)}
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    (r, alpha, a, b), ll, res = fit(bgnbd_negative_ll, [1, 1, 1, 1], (x, t_x, T))
    t1 = time.perf_counter()
    repeat = (x > 0) & (m > 0)
    (p, q, v), gg_ll, _ = fit(gg_negative_ll, [1, 1, 1], (x[repeat], m[repeat]))
    t2 = time.perf_counter()
    alive, expected, clv = score((r, alpha, a, b), (p, q, v), x, t_x, T, m)
    t3 = time.perf_counter()
    cpu = time.process_time() - cpu0
    out.update({
        "bgnbd": {"params": {"r": r, "alpha": alpha, "a": a, "b": b}, "log_likelihood": ll,
                  "iterations": int(res.nit), "evaluations": int(res.nfev)},
        "gg": {"params": {"p": p, "q": q, "gamma": v}, "log_likelihood": gg_ll},
        "clv_total": float(np.sum(clv)),
        "seconds": {"bgnbd_fit": t1 - t0, "gg_fit": t2 - t1, "scoring": t3 - t2,
                    "total": t3 - t0, "cpu_total": cpu},
    })
    if len(sys.argv) > 3:
        # Nazar's scores against these formulas at Nazar's parameters.
        theirs = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1)
        nazar = json.load(open(sys.argv[3]))
        bp, gp = nazar["bgnbd"]["params"], nazar["gg"]["params"]
        alive, expected, clv = score((bp["r"], bp["alpha"], bp["a"], bp["b"]),
                                     (gp["p"], gp["q"], gp["gamma"]), x, t_x, T, m)
        ok = np.isfinite(clv)

        def rel(mine, other):
            return float(np.max(np.abs(mine[ok] - other[ok]) / np.maximum(np.abs(other[ok]), 1e-12)))
        out["agreement"] = {
            "p_alive_max_abs": float(np.max(np.abs(alive[ok] - theirs[ok, 0]))),
            "expected_purchases_max_rel": rel(expected, theirs[:, 1]),
            "clv_max_rel": rel(clv, theirs[:, 3]),
            "customers_compared": int(np.sum(ok)),
            "reference_not_finite": int(np.sum(~ok)),
        }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
