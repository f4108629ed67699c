"""Writes workload.loy and workload.json: the benchmark's 10 cohorts, each with 7 rates given as
90% intervals. Run once; both files are committed."""
import json

cohorts = []
lines = ["# Benchmark workload (issue 4): 10 cohorts with 7 uncertain inputs each; the total damage",
         "# over all cohorts. benchmarks/reference.py computes the same with numpy; scripts/bench compares.",
         "# benchmarks/generate.py wrote this file and workload.json (the same cohorts, for reference.py).", ""]
pct = lambda x: f"{x * 100:g}%"
rng = lambda t: f"{pct(t[0])} to {pct(t[1])}"
for i in range(10):
    c = dict(customers=10_000 * (i + 1), value=100 + 20 * i,
             problem_rate=(0.10 + 0.01 * i, 0.30 + 0.01 * i), complaint_rate=(0.10, 0.40),
             silent=(0.55, 0.75), satisfied=(0.80, 0.95), dissatisfied=(0.30, 0.60),
             lost_per_tell=(0.005, 0.02), won_per_tell=(0.005, 0.015))
    cohorts.append(c)
    lines.append(f"""cohort c{i} {{
  customers = {c['customers']}
  value = {c['value']} EUR/year
  problem_rate = {rng(c['problem_rate'])}
  complaint_rate = {rng(c['complaint_rate'])}
  resolution {{ satisfied = 50%, mollified = 30% }}
  retention {{ no_problem = 90%, silent = {rng(c['silent'])}, satisfied = {rng(c['satisfied'])}, mollified = 70%, dissatisfied = {rng(c['dissatisfied'])} }}
  word_of_mouth {{ tells_unhappy = 10, tells_happy = 5, lost_per_tell = {rng(c['lost_per_tell'])}, won_per_tell = {rng(c['won_per_tell'])} }}
}}""")
lines.append("let total = " + " + ".join(f"damage(c{i}).total_damage" for i in range(10)))
lines.append("[mean(total), percentile(total, 5%), median(total), percentile(total, 95%)]")
open("workload.loy", "w").write("\n".join(lines) + "\n")
json.dump(cohorts, open("workload.json", "w"), indent=1)
