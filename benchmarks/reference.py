"""Reference implementation of the benchmark workload with numpy (vectorized, straightforward).

The same model as loyalty's damage() (docs/model.md) for the cohorts in workload.json: 7 rates per
cohort given as 90% intervals, read as logit-normal distributions; the total damage summed over
cohorts, summarised as mean and 5th/50th/95th percentiles. Prints the summary and the time.
"""
import json
import os
import sys
import time

import numpy as np

Z95 = 1.6448536269514722


def logit_normal(lo, hi, n, rng):
    a, b = np.log(lo / (1 - lo)), np.log(hi / (1 - hi))
    mu, sigma = (a + b) / 2, (b - a) / (2 * Z95)
    return 1 / (1 + np.exp(-(mu + sigma * rng.standard_normal(n))))


def run(n, cohorts, seed=2026):
    rng = np.random.default_rng(seed)
    total = np.zeros(n)
    for c in cohorts:
        p = logit_normal(*c["problem_rate"], n, rng)
        cr = logit_normal(*c["complaint_rate"], n, rng)
        rn = logit_normal(*c["silent"], n, rng)
        rs = logit_normal(*c["satisfied"], n, rng)
        rd = logit_normal(*c["dissatisfied"], n, rng)
        lpt = logit_normal(*c["lost_per_tell"], n, rng)
        wpt = logit_normal(*c["won_per_tell"], n, rng)
        N, v, s, o, r0, ro = c["customers"], c["value"], 0.5, 0.3, 0.9, 0.7
        with_problem = N * p
        complainers = with_problem * cr
        silent = with_problem * (1 - cr)
        satisfied, mollified, dissatisfied = complainers * s, complainers * o, complainers * (1 - s - o)
        lost = silent * (r0 - rn) + satisfied * (r0 - rs) + mollified * (r0 - ro) + dissatisfied * (r0 - rd)
        prospects_lost = (silent + dissatisfied) * 10 * lpt
        prospects_won = satisfied * 5 * wpt
        total += lost * v - (prospects_won - prospects_lost) * v
    return total.mean(), np.percentile(total, [5, 50, 95])


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    here = os.path.dirname(os.path.abspath(__file__))
    cohorts = json.load(open(os.path.join(here, "workload.json")))
    run(1000, cohorts)  # warm-up
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        mean, (p5, p50, p95) = run(n, cohorts)
        best = min(best, time.perf_counter() - start)
    print(json.dumps({"samples": n, "seconds": best, "mean": mean, "p5": p5, "p50": p50, "p95": p95}))
