"""Benchmark of Markdown rendering (``render_markdown``) on pathological input at growing sizes.

Prints the median and worst time per input and size, and the ratio to the smallest size: a
renderer linear in the length of the text keeps that ratio near the ratio of the sizes.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from stemcharter.common.markdown import render_markdown  # noqa: E402

# Each input at size n (about n to 3n characters).
INPUTS = {
    "plain paragraphs": lambda n: (
        "Een zin over STEM met **vet** en een [link](https://x.be).\n\n" * (n // 60)
    ),
    "brackets": lambda n: "[" * n + "]" * n,
    "nested images": lambda n: "![" * n + "]" * n,
    "unclosed links": lambda n: "[a](b" * (n // 5),
    "emphasis openers": lambda n: "*a _b " * (n // 6),
    "mismatched emphasis": lambda n: "*a **a " * (n // 7),
    "deep block quotes": lambda n: ">" * n + "a",
    "many <": lambda n: "a <" * (n // 3),
    "unclosed CDATA": lambda n: "<![CDATA[" * (n // 9),
    "references": lambda n: "[a]: u\n" * (n // 14) + "[a]" * (n // 14),
    "nested HTML": lambda n: "<b>" * (n // 3),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 10_000, 20_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'input':<22}{'size':>8}{'chars':>9}{'median ms':>11}{'max ms':>9}{'ratio':>7}")
    for name, make in INPUTS.items():
        first = None
        for size in args.sizes:
            text = make(size)
            timings = []
            for _ in range(args.repeat):
                render_markdown.cache_clear()  # each repeat renders (render_markdown keeps texts)
                start = time.perf_counter()
                render_markdown(text)
                timings.append((time.perf_counter() - start) * 1000)
            median = statistics.median(timings)
            first = first or median
            print(
                f"{name:<22}{size:>8}{len(text):>9}{median:>11.1f}{max(timings):>9.1f}"
                f"{median / first:>7.1f}"
            )


if __name__ == "__main__":
    main()
