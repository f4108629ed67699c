"""Writes the language benchmark's programs: the same program in loyalty and in Python.

    python3 scripts.py KIND N OUT_DIR   writes OUT_DIR/KIND-N.loy and OUT_DIR/KIND-N.py

KIND is one of
  mixed  N groups of five lines: a let, a fn, a call, a record and an expression using them
         (N = 2000 gives the 10,000-line script of issue 12)
  lets   N lines `let aI = I + 1` and a last expression
  chain  `let x0 = 1 EUR`, then N lines `let xI = xI-1 * 1.0001 + 1 EUR`, then the last name
The Python twin computes the same numbers with floats and prints what loyalty prints as results
(one line per expression statement), so both programs do the same work.
scripts/bench runs this; the files it writes are not committed.
"""
import os
import sys


def mixed(n):
    loy, py = [], []
    for i in range(1, n + 1):
        loy += [f"let a{i} = {i} + 1", f"fn f{i}(x) = x * 2 + a{i}", f"let c{i} = f{i}(a{i})",
                f"let r{i} = {{ a = a{i}, c = c{i} }}", f"r{i}.c + a{i}"]
        py += [f"a{i} = {i} + 1", f"def f{i}(x): return x * 2 + a{i}", f"c{i} = f{i}(a{i})",
               f"r{i} = {{'a': a{i}, 'c': c{i}}}", f"print(r{i}['c'] + a{i})"]
    return loy, py


def lets(n):
    loy = [f"let a{i} = {i} + 1" for i in range(1, n + 1)] + [f"a{n}"]
    py = [f"a{i} = {i} + 1" for i in range(1, n + 1)] + [f"print(a{n})"]
    return loy, py


def chain(n):
    loy = ["let x0 = 1 EUR"] + [f"let x{i} = x{i - 1} * 1.0001 + 1 EUR" for i in range(1, n + 1)] + [f"x{n}"]
    py = ["x0 = 1.0"] + [f"x{i} = x{i - 1} * 1.0001 + 1.0" for i in range(1, n + 1)] + [f"print(x{n})"]
    return loy, py


def main():
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    loy, py = {"mixed": mixed, "lets": lets, "chain": chain}[kind](n)
    os.makedirs(out, exist_ok=True)
    base = os.path.join(out, f"{kind}-{n}")
    with open(base + ".loy", "w") as f:
        f.write("\n".join(loy) + "\n")
    with open(base + ".py", "w") as f:
        f.write("\n".join(py) + "\n")
    print(base)


if __name__ == "__main__":
    main()
