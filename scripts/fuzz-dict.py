#!/usr/bin/env python3
"""Writes libFuzzer's dictionary for scripts/fuzz: the language's keywords, operators, built-ins,
cohort fields, units and commands, so mutations splice in whole words instead of waiting for them
to appear byte by byte."""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent
words = set()
token = (root / "Sources/LoyaltyCore/Syntax/Token.swift").read_text()
for group in re.findall(r'^    case ([a-z_`, ]+)$', token, re.M):
    words.update(w.strip(" `") for w in group.split(","))
words.update(re.findall(r'= "([^"]+)"', token))
words.update(re.findall(r'^\| `([a-z_]+)\(', (root / "docs/language.md").read_text(), re.M))
schema = (root / "Sources/LoyaltyCore/Model/CohortSchema.swift").read_text()
for path in re.findall(r'path: "([a-z_.]+)"', schema):
    words.update(path.split("."))
words.update("""EUR USD GBP CHF € $ £ year years month months quarter week customer customers percent pp
k M bn samples seed rate correlate ans inf nan 1e308 -1e308 1e-300 10000000 years: digits: horizon:
""".split())
words.discard("")

def quoted(w):
    # libFuzzer's dictionary is ASCII: other bytes (€, £) are written \xNN.
    out = ""
    for b in w.encode():
        c = chr(b)
        out += "\\" + c if c in '\\"' else c if 32 <= b < 127 else "\\x%02X" % b
    return '"' + out + '"'

pathlib.Path(sys.argv[1]).write_text("".join(quoted(w) + "\n" for w in sorted(words)))
