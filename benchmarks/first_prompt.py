"""Time from starting loyalty in a pseudo-terminal to its first prompt (issue 12's start-up).

    python3 first_prompt.py LOYALTY [HISTORY_LINES]

Starts the REPL on a new pseudo-terminal with LOYALTY_HISTORY pointing at a fresh history file
of HISTORY_LINES entries (0: none), reads until `loyalty> ` appears, sends Ctrl-D, and prints
{"seconds": best of 10, "history": HISTORY_LINES}. Run by scripts/bench.
"""
import json
import os
import pty
import select
import sys
import tempfile
import time


def first_prompt(loyalty, history):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["LOYALTY_HISTORY"] = history
        os.environ["TERM"] = "xterm"
        os.execv(loyalty, [loyalty])
    start = time.perf_counter()
    seen = b""
    while b"loyalty> " not in seen:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            raise SystemExit("no prompt within 10 s")
        seen += os.read(fd, 4096)
    seconds = time.perf_counter() - start
    os.write(fd, b"\x04")
    try:
        while os.read(fd, 4096):
            pass
    except OSError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return seconds


def main():
    loyalty, lines = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0
    with tempfile.TemporaryDirectory() as folder:
        history = os.path.join(folder, "history")
        if lines:
            with open(history, "w") as f:
                f.write("".join(f"let a{i} = {i} * 2 + 1\n" for i in range(lines)))
        best = min(first_prompt(loyalty, history) for _ in range(10))
    print(json.dumps({"seconds": best, "history": lines}))


if __name__ == "__main__":
    main()
