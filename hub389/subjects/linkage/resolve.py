"""From scored pairs and human judgements to clusters: who is one subject.

Judgements override the model (as nomenklatura's resolver): a positive judgement always joins,
a negative one forbids joining the two sides' clusters, whatever the model says; then the model's
pairs join, strongest first, while their weight is above the threshold and no negative
judgement stands between the two clusters. Positive is transitive; a negative splits a cluster
the model alone would have made. No Django here (the benchmark uses it as the app does).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Hashable = Any  # a record's or a subject's id: any value a dict keys on


class Clusters:
    """Union–find with cannot-link constraints between clusters."""

    def __init__(self, identifiers: dict[Hashable, dict[str, str]] | None = None) -> None:
        self.parent: dict[Hashable, Hashable] = {}
        self.size: dict[Hashable, int] = {}
        self.apart: dict[Hashable, set[Hashable]] = defaultdict(set)
        # per cluster, the identifiers its records carry (CCCD, tax code root, plate): two
        # clusters that each hold a CCCD and share none are two people, whatever else agrees
        self.held: dict[Hashable, dict[str, set[str]]] = {
            x: {k: {v} for k, v in ids.items()} for x, ids in (identifiers or {}).items() if ids
        }

    def find(self, x: Hashable) -> Hashable:
        parent = self.parent
        if x not in parent:
            parent[x] = x
            self.size[x] = 1
            return x
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def together(self, a: Hashable, b: Hashable) -> bool:
        return self.find(a) == self.find(b)

    def kept_apart(self, a: Hashable, b: Hashable) -> bool:
        ra, rb = self.find(a), self.find(b)
        return rb in self.apart.get(ra, ())

    def separate(self, a: Hashable, b: Hashable) -> bool:
        """Keep a's and b's clusters apart from now on; False when they are already one."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.apart[ra].add(rb)
        self.apart[rb].add(ra)
        return True

    def join(self, a: Hashable, b: Hashable) -> bool:
        """Join a's and b's clusters; False when a negative judgement keeps them apart (or
        they are one already)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb or rb in self.apart.get(ra, ()) or self.conflict(ra, rb):
            return False
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        moved = self.apart.pop(rb, set())
        for other in moved:
            self.apart[other].discard(rb)
            self.apart[other].add(ra)
        self.apart[ra] |= moved
        held = self.held.pop(rb, None)
        if held:
            mine = self.held.setdefault(ra, {})
            for kind, values in held.items():
                mine.setdefault(kind, set()).update(values)
        return True

    def conflict(self, ra: Hashable, rb: Hashable) -> bool:
        one, other = self.held.get(ra), self.held.get(rb)
        if not one or not other:
            return False
        return any(kind in other and not (values & other[kind]) for kind, values in one.items())

    def force(self, a: Hashable, b: Hashable) -> None:
        """Join whatever the identifiers say (a positive human judgement)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            held_a, held_b = self.held.pop(ra, None), self.held.pop(rb, None)
            self.join(a, b)
            merged: dict[str, set[str]] = {}
            for held in (held_a, held_b):
                for kind, values in (held or {}).items():
                    merged.setdefault(kind, set()).update(values)
            if merged:
                self.held[self.find(a)] = merged

    def members(self, ids: Iterable[Hashable]) -> dict[Hashable, list[Hashable]]:
        out: dict[Hashable, list[Hashable]] = defaultdict(list)
        for x in ids:
            out[self.find(x)].append(x)
        return out


@dataclass
class Resolution:
    clusters: Clusters
    joined_by_model: int = 0
    held_apart: int = 0  # model pairs above the threshold that a negative judgement refused
    edges: list[tuple[Hashable, Hashable, float]] = field(default_factory=list)


def resolve(
    pairs: Iterable[tuple[Hashable, Hashable, float]],
    *,
    threshold: float,
    positive: Iterable[tuple[Hashable, Hashable]] = (),
    negative: Iterable[tuple[Hashable, Hashable]] = (),
    ids: Iterable[Hashable] = (),
    identifiers: dict[Hashable, dict[str, str]] | None = None,
) -> Resolution:
    """Clusters from (a, b, match weight) pairs at `threshold`, judgements first. With
    `identifiers` (record → {"citizen_id": …}), the model never joins two clusters that each
    hold an identifier of one kind and share none (a household's members, each with a CCCD)."""
    clusters = Clusters(identifiers)
    for x in ids:
        clusters.find(x)
    for a, b in positive:
        clusters.force(a, b)
    for a, b in negative:
        clusters.separate(a, b)
    result = Resolution(clusters)
    for a, b, weight in sorted((p for p in pairs if p[2] >= threshold), key=lambda p: -p[2]):
        if clusters.join(a, b):
            result.joined_by_model += 1
            result.edges.append((a, b, weight))
        elif not clusters.together(a, b):
            result.held_apart += 1
    return result


def pairwise_scores(predicted: dict[Hashable, Hashable], truth: dict[Hashable, Hashable]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering (record → cluster) against the truth
    (record → true subject): every pair of records put together counts once."""

    def pairs(counts: Iterable[int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    predicted_pairs = pairs(Counter(predicted.values()).values())
    true_pairs = pairs(Counter(truth.values()).values())
    both = pairs(Counter((predicted[r], truth[r]) for r in predicted).values())
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "predicted_pairs": predicted_pairs,
        "true_pairs": true_pairs,
    }


def curve(
    pairs: Sequence[tuple[Hashable, Hashable, float]],
    truth: dict[Hashable, Hashable],
    thresholds: Sequence[float],
    identifiers: dict[Hashable, dict[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """Precision and recall of the clusters at each threshold, in one pass from the highest:
    each join adds |A|·|B| predicted pairs and Σ A_t·B_t true ones (per true subject t)."""
    clusters = Clusters(identifiers)
    labels: dict[Hashable, Counter[Hashable]] = {}
    true_pairs = sum(n * (n - 1) // 2 for n in Counter(truth.values()).values())
    predicted = correct = 0
    out = []
    ordered = sorted(pairs, key=lambda p: -p[2])
    i = 0
    for threshold in sorted(thresholds, reverse=True):
        while i < len(ordered) and ordered[i][2] >= threshold:
            a, b, _ = ordered[i]
            i += 1
            ra, rb = clusters.find(a), clusters.find(b)
            if ra == rb or clusters.conflict(ra, rb):
                continue
            la = labels.setdefault(ra, Counter({truth[a]: 1}))
            lb = labels.setdefault(rb, Counter({truth[b]: 1}))
            predicted += clusters.size[ra] * clusters.size[rb]
            small, large = (la, lb) if len(la) < len(lb) else (lb, la)
            correct += sum(n * large.get(t, 0) for t, n in small.items())
            clusters.join(a, b)
            root = clusters.find(a)
            large.update(small)
            labels.pop(ra, None)
            labels.pop(rb, None)
            labels[root] = large
        precision = correct / predicted if predicted else 1.0
        recall = correct / true_pairs if true_pairs else 1.0
        out.append({"threshold": threshold, "precision": round(precision, 4), "recall": round(recall, 4)})
    return sorted(out, key=lambda r: r["threshold"])
