"""Generate a synthetic fact base in c5lens's own format, of any size, deterministically.

    python benchmarks/generate.py OUT_DIR N_FACTS                     # the profile shape
    python benchmarks/generate.py OUT_DIR N_FACTS --shape series      # an importer's series
    python benchmarks/generate.py OUT_DIR 100000 --shape series --dates 250   # deep series

Two shapes. `series` (in series_shape.py) is what an importer of every country's statistics
writes: about 250 subjects x 40 metrics x 100 dates for 1,000,000 facts. `profile` (below, and
the default) is the shipped base's shape at scale.

The profile base: five countries and many partners, ten topics,
fifty sources, forty metrics (a subject's series of a metric mostly from one source, with one
value in twenty from another, so some values disagree), 50 facts per `<subject>/<topic>.yaml`
file (so 100,000 facts are 2,000 files), statements of 3,000 words with Zipf frequencies, 15-30
words long, notes on a third of the facts, dates at year, month and day precision, and related
subjects.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

TOPICS = [
    "geography",
    "society",
    "governance",
    "economy",
    "trade",
    "resources",
    "energy",
    "transport",
    "diplomacy",
    "security",
]
FACTS_PER_FILE = 50
DOMAIN = [
    "region",
    "corridor",
    "minerals",
    "reserves",
    "export",
    "import",
    "growth",
    "investment",
    "summit",
    "framework",
    "agreement",
    "railway",
    "pipeline",
    "energy",
    "border",
    "capital",
    "population",
    "freedom",
    "index",
    "score",
    "survey",
    "tariff",
    "sanctions",
    "logistics",
    "transit",
    "partner",
    "dialogue",
    "cooperation",
    "security",
    "development",
    "market",
    "gas",
    "oil",
    "hydropower",
    "water",
    "agriculture",
    "cotton",
    "wheat",
    "gold",
    "copper",
    "zinc",
    "lead",
    "chromium",
    "manganese",
    "titanium",
    "rare",
    "earth",
    "processing",
    "refining",
    "supply",
    "chain",
    "memorandum",
    "loan",
    "credit",
    "bank",
    "currency",
    "inflation",
    "budget",
    "deficit",
    "remittances",
    "labour",
    "migration",
    "education",
    "scholarship",
    "university",
]
SEARCH_WORD = "uranium"  # ranked 500th of 3,000 words: in about one statement in 200


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """3,000 words with Zipf frequencies, as in real text: a few very common, most rare."""
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    made: set[str] = set()
    while len(made) < 3000 - len(DOMAIN) - 1:
        made.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    words = sorted(made) + DOMAIN
    rng.shuffle(words)
    words.insert(499, SEARCH_WORD)
    return words, [1 / (rank + 1) for rank in range(len(words))]


def _sentence(
    rng: random.Random, vocab: tuple[list[str], list[float]], subject: str, n: int
) -> str:
    words = rng.choices(vocab[0], vocab[1], k=n)
    words.insert(rng.randrange(len(words)), subject)
    return " ".join(words).capitalize() + "."


def hash_pair(a: str, b: str) -> int:
    """A stable number for two strings (Python's hash() changes between runs)."""
    return sum((i + 1) * ord(c) for i, c in enumerate(f"{a}/{b}"))


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def generate(out: Path, n_facts: int, seed: int = 7) -> Path:
    """Write a base of n_facts facts into out (which must not exist) and return it."""
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    n_files = max(1, n_facts // FACTS_PER_FILE)
    n_subjects = max(5, -(-n_files // len(TOPICS)))
    subjects = [f"country-{i:02d}" for i in range(5)] + [
        f"partner-{i:04d}" for i in range(n_subjects - 5)
    ]
    out.mkdir(parents=True)
    lines = ["subjects:"]
    for i, key in enumerate(subjects):
        kind = "country" if key.startswith("country") else "partner"
        lines += [
            f"  - key: {key}",
            f"    name: {key.replace('-', ' ').title()}",
            f"    kind: {kind}",
            "    iso: null",
            "    factbook: null",
            f"    names: [Name {i}, Alias {i}]",
        ]
    (out / "subjects.yaml").write_text("\n".join(lines) + "\n")
    lines = ["topics:"] + [f"  - key: {t}\n    description: Facts about {t}." for t in TOPICS]
    (out / "topics.yaml").write_text("\n".join(lines) + "\n")
    sources = [f"source-{i:02d}" for i in range(50)]
    lines = ["sources:"]
    for i, s in enumerate(sources):
        lines += [
            f"  - id: {s}",
            f"    title: Report number {i} on {rng.choice(DOMAIN)} and {rng.choice(DOMAIN)}",
            f"    author: Author {i}",
            "    publisher: null",
            f"    published: '{2015 + i % 11}-{1 + i % 12:02d}'",
            "    kind: issue brief",
            f"    document: doc-{i:02d}.txt",
            "    url: null",
        ]
    (out / "sources.yaml").write_text("\n".join(lines) + "\n")
    metrics = [f"metric_{i:02d}" for i in range(40)]
    lines = ["metrics:"] + [
        f"  - key: {m}\n    unit: '%'\n    topic: {TOPICS[i % len(TOPICS)]}\n"
        f"    description: Synthetic metric {i}."
        for i, m in enumerate(metrics)
    ]
    (out / "metrics.yaml").write_text("\n".join(lines) + "\n")

    written = 0
    for f in range(n_files):
        subject, topic = subjects[f // len(TOPICS)], TOPICS[f % len(TOPICS)]
        count = FACTS_PER_FILE if f < n_files - 1 else n_facts - written
        body = [f"subject: {subject}", f"topic: {topic}", "facts:"]
        for j in range(count):
            year = rng.randint(1995, 2026)
            as_of = rng.choice(
                (
                    f"{year}",
                    f"{year}-{rng.randint(1, 12):02d}",
                    f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                )
            )  # fmt: skip
            body += [
                f"  - id: {subject}.{topic}-{j:03d}",
                f"    statement: {_q(_sentence(rng, vocab, subject, rng.randint(15, 30)))}",
            ]
            source = rng.choice(sources)
            if rng.random() < 0.6:
                metric = rng.choice(metrics)
                body.append(f"    metric: {metric}")
                # A series usually comes from one source; now and then another gives a value.
                if rng.random() < 0.95:
                    source = sources[hash_pair(subject, metric) % len(sources)]
                body.append(f"    value: {round(rng.uniform(0, 100), 1)}")
                body.append("    unit: '%'")
            else:
                body.append(f"    value: {_q(' '.join(rng.choice(DOMAIN) for _ in range(3)))}")
            body += [
                f"    as_of: '{as_of}'",
                f"    source: {source}",
                f"    locator: Section {rng.randint(1, 9)}, para {rng.randint(1, 20)}",
                f"    related: [{rng.choice(subjects)}]"
                if rng.random() < 0.3
                else "    related: []",
            ]
            if body[-1] == f"    related: [{subject}]":
                body[-1] = "    related: []"
            if rng.random() < 0.33:
                body.append(f"    notes: {_q(_sentence(rng, vocab, 'note', rng.randint(8, 20)))}")
        (out / subject).mkdir(exist_ok=True)
        (out / subject / f"{topic}.yaml").write_text("\n".join(body) + "\n")
        written += count
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("n_facts", type=int)
    parser.add_argument("--shape", choices=("profile", "series"), default="profile")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dates", type=int, help="series: facts per (subject, metric)")
    parser.add_argument("--subjects", type=int, help="series: number of subjects")
    args = parser.parse_args()
    if args.shape == "profile":
        generate(args.out, args.n_facts, args.seed)
    else:
        # Imported here: series_shape imports this module's topics and vocabulary.
        from series_shape import generate_series

        generate_series(args.out, args.n_facts, args.seed, args.dates, args.subjects)


if __name__ == "__main__":
    main()
