"""The network of a subject (/subjects/<id>/graph/): the subjects it is linked to through
shared cases, phones, addresses, legal representatives and the pairs the linkage model found,
as an interactive graph (cytoscape.js) that expands from a node, filters by date and kind, and
exports PNG (in the browser), GraphML and followthemoney entities.

Like the profile (profiles.py) it reads several apps, so it sits here. A node is a resolved
subject (its whole cluster as one) or a case. Need-to-know holds as on the profile: a case the
reader may not open is never a node, it is counted on its subjects with the agency that holds it;
a subject the reader may not open (no case or inspection of theirs names it) is never a node
either, it is counted on the node it would link to. A phone or an address another agency
recorded is masked on the edge, as on the profile. Every view and export is audited.

A value several dozen subjects share (a market's address, a call centre's phone) links nothing:
it says little about any two of them and would swamp the graph (`PER_VALUE`). The walk reads a
fixed number of queries per step whatever the graph's size, and stops at `NODE_LIMIT` nodes.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hub389 import policy
from hub389.accounts.http import AuthedRequest
from hub389.audit import services as audit
from hub389.cases.models import Case, CaseSubject, SubjectRole
from hub389.lib.locale import in_vietnamese
from hub389.profiles import display_name, mask
from hub389.subjects.access import national, profile_subjects, readable_records
from hub389.subjects.linkage.prepare import prepare
from hub389.subjects.models import Subject, SubjectKind, SubjectLink, SubjectRecord

NODE_LIMIT = 3000
PER_VALUE = 25  # a phone or street more subjects share than this links none of them
MAX_DEPTH = 3
EDGE_KINDS = ("case", "phone", "address", "representative", "possible")


@dataclass
class Graph:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[str, dict[str, Any]] = field(default_factory=dict)
    truncated: bool = False
    # head → the heads linked to it that the reader may not open (counted, never shown)
    hidden_links: defaultdict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def full(self) -> bool:
        return len(self.nodes) >= NODE_LIMIT

    def edge(self, kind: str, a: str, b: str, **data: Any) -> None:
        key = f"{kind}:{min(a, b)}:{max(a, b)}"
        if key not in self.edges:
            self.edges[key] = {"id": key, "source": a, "target": b, "kind": kind, **data}


class _Walk:
    """One reader's walk from some subjects, step by step (each step expands the frontier)."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.all = national(user)
        self.graph = Graph()
        self.head_of: dict[int, int] = {}  # subject → the head of its cluster
        self.members: dict[int, set[int]] = defaultdict(set)  # head → its subjects
        self.allowed: set[int] = set()  # heads the reader may open
        self.expanded: set[int] = set()

    # -- clusters and what the reader may open
    def heads(self, ids: Iterable[int]) -> set[int]:
        """The heads of `ids`' clusters; each new cluster's members loaded, and its head added
        to `allowed` when the reader may open one of them."""
        ids = set(ids)
        new = {i for i in ids if i not in self.head_of}
        if new:
            heads = {
                pk: head or pk
                for pk, head in Subject.objects.filter(pk__in=new).values_list("pk", "resolved_to_id")
            }
            new_heads = set(heads.values()) - set(self.members)
            for pk, head in Subject.objects.filter(
                Q(pk__in=new_heads) | Q(resolved_to__in=new_heads)
            ).values_list("pk", "resolved_to_id"):
                self.head_of[pk] = head or pk
                self.members[head or pk].add(pk)
            self.head_of.update(heads)
            member_ids = [m for h in new_heads for m in self.members[h]]
            if self.all:
                self.allowed |= new_heads
            elif member_ids:
                seen = profile_subjects(self.user).filter(pk__in=member_ids).values_list("pk", flat=True)
                self.allowed |= {self.head_of[pk] for pk in seen}
        return {self.head_of[i] for i in ids if i in self.head_of}

    def add_subject(self, head: int) -> bool:
        key = f"s{head}"
        if key in self.graph.nodes:
            return True
        if head not in self.allowed:
            return False
        if self.graph.full():
            self.graph.truncated = True
            return False
        self.graph.nodes[key] = {"id": key, "pk": head, "type": "subject"}
        return True

    # -- one step
    def step(self, frontier: set[int]) -> set[int]:
        """Expand the `frontier` heads: their cases, and the subjects linked to them. Returns
        the heads met for the first time (the next frontier)."""
        frontier = {h for h in frontier if h not in self.expanded and f"s{h}" in self.graph.nodes}
        if not frontier:
            return set()
        self.expanded |= frontier
        before = set(self.graph.nodes)
        members = {m: h for h in frontier for m in self.members[h]}
        self._cases(members)
        self._shared(members, "phone_norm", "phone")
        self._shared(members, "street_key", "address")
        self._representatives(frontier)
        self._possible(members)
        return {self.graph.nodes[k]["pk"] for k in set(self.graph.nodes) - before if k.startswith("s")}

    def _cases(self, members: dict[int, int]) -> None:
        rows = list(
            CaseSubject.objects.filter(subject__in=list(members)).values_list("case_id", "subject_id", "role")
        )
        case_ids = {c for c, _s, _r in rows}
        if not case_ids:
            return
        open_ids = set(
            policy.visible(self.user, "view", Case).filter(pk__in=case_ids).values_list("pk", flat=True)
        )
        # every subject of the cases the reader may open (they may open those subjects too)
        peers = list(
            CaseSubject.objects.filter(case__in=open_ids)
            .exclude(subject__in=list(members))
            .values_list("case_id", "subject_id", "role")
        )
        self.heads([s for _c, s, _r in peers])
        cases = {
            c["pk"]: c
            for c in Case.objects.filter(pk__in=open_ids).values(
                "pk", "year", "detected_on", "summary", "owner__short_name", "owner__name"
            )
        }
        for case_id, subject_id, role in rows + peers:
            if case_id not in cases:
                continue
            head = members.get(subject_id) or self.head_of.get(subject_id)
            if head is None or not self.add_subject(head):
                continue
            key = f"c{case_id}"
            if key not in self.graph.nodes:
                if self.graph.full():
                    self.graph.truncated = True
                    continue
                c = cases[case_id]
                self.graph.nodes[key] = {
                    "id": key,
                    "pk": case_id,
                    "type": "case",
                    "kind": "case",
                    "label": Case(pk=case_id, year=c["year"]).reference,
                    "date": c["detected_on"].isoformat() if c["detected_on"] else "",
                    "day": c["detected_on"].strftime("%d/%m/%Y") if c["detected_on"] else "",
                    "detail": c["summary"][:140],
                    "agency": c["owner__short_name"] or c["owner__name"],
                    "url": reverse("cases:detail", args=[case_id]),
                }
            self.graph.edge(
                "case",
                f"s{head}",
                key,
                label=str(SubjectRole(role).label),
                date=self.graph.nodes[key]["date"],
            )

    def _shared(self, members: dict[int, int], column: str, kind: str) -> None:
        """Subjects whose records give the same phone (or street) as the frontier's."""
        mine = list(
            SubjectRecord.objects.filter(subject__in=list(members))
            .exclude(**{column: ""})
            .values_list("subject_id", column, "pk", "commune_id", "phone", "address")
        )
        values = {v for _s, v, *_rest in mine if kind != "address" or _street_links(v)}
        if not values:
            return
        crowded = {
            v
            for v, n in Counter(
                SubjectRecord.objects.filter(**{f"{column}__in": values}).values_list(column, flat=True)
            ).items()
            if n > PER_VALUE
        }
        theirs = list(
            # the frontier's own records too: two subjects expanded together may share a phone
            SubjectRecord.objects.filter(**{f"{column}__in": values - crowded}).values_list(
                "subject_id", column, "pk", "commune_id", "recorded_at", kind
            )
        )
        self.heads(s for s, *_rest in theirs)
        # a value as the reader's own side recorded it, else as the other side did, else masked
        readable = None if self.all else readable_records(self.user, {r[2] for r in mine + theirs})
        for subject_id, value, record_id, commune_id, typed_phone, typed_address in mine:
            if value in crowded:
                continue
            head = members[subject_id]
            for other_id, other_value, other_record, other_commune, recorded_at, other_typed in theirs:
                if other_value != value:
                    continue
                if kind == "address" and commune_id and other_commune and commune_id != other_commune:
                    continue
                other = self.head_of.get(other_id)
                if other is None or other == head:
                    continue
                if not self.add_subject(other):
                    if other not in self.allowed:
                        self.graph.hidden_links[head].add(other)
                    continue
                typed = typed_phone if kind == "phone" else typed_address
                if readable is not None and record_id not in readable:
                    typed = other_typed if other_record in readable else mask(kind, typed)
                self.graph.edge(
                    kind,
                    f"s{head}",
                    f"s{other}",
                    label=typed,
                    date=timezone.localdate(recorded_at).isoformat(),  # the officer's day, not UTC's
                )

    def _representatives(self, frontier: set[int]) -> None:
        """An organisation or household and the person recorded under the name of its legal
        representative, when that name is rare in the registry (≤ 3 subjects): the same
        letters, and the same diacritics when both were typed with them ("Hùng" is not "Hưng")."""
        reps = {
            pk: _person_name(rep)
            for pk, rep in Subject.objects.filter(pk__in=[m for h in frontier for m in self.members[h]])
            .exclude(legal_representative="")
            .values_list("pk", "legal_representative")
        }
        folds = {folded for _marked, folded in reps.values() if folded}
        if not folds:
            return
        found: dict[tuple[str, str], set[int]] = defaultdict(set)
        for subject_id, name in SubjectRecord.objects.filter(
            kind=SubjectKind.PERSON, name_fold__in=folds
        ).values_list("subject_id", "name"):
            found[_person_name(name)].add(subject_id)
        self.heads(s for ids in found.values() for s in ids)
        for org, (marked, folded) in reps.items():
            same = {
                self.head_of[s]
                for (their_marked, their_fold), ids in found.items()
                if their_fold == folded and (not marked or not their_marked or marked == their_marked)
                for s in ids
                if s in self.head_of
            }
            if not 0 < len(same) <= 3:
                continue
            for person in same:
                if self.add_subject(person):
                    self.graph.edge(
                        "representative",
                        f"s{self.head_of[org]}",
                        f"s{person}",
                        label=_("người đại diện (trùng tên)"),
                    )
                elif person not in self.allowed:
                    self.graph.hidden_links[self.head_of[org]].add(person)

    def _possible(self, members: dict[int, int]) -> None:
        ids = list(members)
        links = list(
            SubjectLink.objects.filter(Q(a__in=ids) | Q(b__in=ids), confirmed=False).values_list(
                "a_id", "b_id", "score"
            )
        )
        self.heads(x for a, b, _s in links for x in (a, b))
        for a, b, score in links:
            ha, hb = self.head_of.get(a), self.head_of.get(b)
            if ha is None or hb is None or ha == hb:
                continue
            near, far = (ha, hb) if a in members else (hb, ha)
            if self.add_subject(far):
                self.graph.edge("possible", f"s{near}", f"s{far}", label=f"{score:+.1f}".replace(".", ","))
            elif far not in self.allowed:
                self.graph.hidden_links[near].add(far)

    # -- the nodes' labels and counts, once the walk is over
    def finish(self) -> Graph:
        graph = self.graph
        heads = [n["pk"] for n in graph.nodes.values() if n["type"] == "subject"]
        member_ids = [m for h in heads for m in self.members[h]]
        subjects = Subject.objects.in_bulk(member_ids)
        agencies: dict[int, set[int]] = defaultdict(set)
        for subject_id, agency_id in SubjectRecord.objects.filter(subject__in=member_ids).values_list(
            "subject_id", "agency_id"
        ):
            if agency_id:
                agencies[self.head_of[subject_id]].add(agency_id)
        rows = list(CaseSubject.objects.filter(subject__in=member_ids).values_list("case_id", "subject_id"))
        open_ids = set(
            policy.visible(self.user, "view", Case)
            .filter(pk__in={c for c, _s in rows})
            .values_list("pk", flat=True)
        )
        hidden: dict[int, set[int]] = defaultdict(set)
        for case_id, subject_id in rows:
            if case_id not in open_ids:
                hidden[self.head_of[subject_id]].add(case_id)
        # the agencies holding the subjects the reader may not open, to contact them
        hidden_heads = {h for hs in graph.hidden_links.values() for h in hs}
        holders: dict[int, set[str]] = defaultdict(set)
        for subject_id, name in SubjectRecord.objects.filter(
            subject__in=[m for h in hidden_heads for m in self.members[h]], agency__isnull=False
        ).values_list("subject_id", "agency__name"):
            holders[self.head_of[subject_id]].add(name)
        owners = dict(
            Case.objects.filter(pk__in={c for cs in hidden.values() for c in cs}).values_list(
                "pk", "owner__name"
            )
        )
        for node in graph.nodes.values():
            if node["type"] != "subject":
                continue
            head = node["pk"]
            subject = subjects[head]
            # the cluster's name as typed with diacritics, if any member has it so
            label = display_name(
                [subject.name, *(subjects[m].name for m in sorted(self.members[head]) if m in subjects)]
            )
            by_owner = Counter(owners[c] for c in hidden.get(head, ()))
            node.update(
                kind=subject.kind,
                label=label,
                detail=str(subject.get_kind_display()),
                url=reverse("subject_profile", args=[head]),
                agencies=len(agencies.get(head, ())),
                merged=len(self.members[head]),
                expanded=head in self.expanded,
                hidden=[
                    ngettext("%(n)s hồ sơ ở %(agency)s", "%(n)s hồ sơ ở %(agency)s", n)
                    % {"n": n, "agency": agency}
                    for agency, n in sorted(by_owner.items())
                ]
                + [
                    ngettext(
                        "%(n)s liên kết tới đối tượng bạn không xem được, do %(agency)s ghi nhận",
                        "%(n)s liên kết tới đối tượng bạn không xem được, do %(agency)s ghi nhận",
                        n,
                    )
                    % {"n": n, "agency": agency}
                    for agency, n in sorted(
                        Counter(
                            ", ".join(sorted(holders[other])) or _("nguồn không rõ cơ quan")
                            for other in graph.hidden_links.get(head, ())
                        ).items()
                    )
                ],
            )
        return graph


def walk(user: Any, seeds: Iterable[int], *, depth: int) -> Graph:
    """The graph around the `seeds` (subject ids the reader may open) `depth` steps out."""
    w = _Walk(user)
    frontier = {h for h in w.heads(seeds) if w.add_subject(h)}
    for node in frontier:
        w.graph.nodes[f"s{node}"]["seed"] = True
    for _step in range(min(depth, MAX_DEPTH)):
        frontier = w.step(frontier)
    return w.finish()


def _person_name(name: str) -> tuple[str, str]:
    """(with diacritics or "" when typed without, folded) in family-first order, as the
    linkage model compares them."""
    row = prepare({"unique_id": 0, "kind": SubjectKind.PERSON, "name": name})
    return (row["name_marked"] or "") if row["has_marks"] else "", row["name_fold"] or ""


def _street_links(key: str) -> bool:
    """A street precise enough to link two subjects: a house number and two more words."""
    words = key.split()
    return len(words) >= 3 and any(w[:1].isdigit() for w in words)


def as_cytoscape(graph: Graph) -> dict[str, Any]:
    return {
        "nodes": [{"data": n} for n in graph.nodes.values()],
        "edges": [{"data": e} for e in graph.edges.values()],
        "truncated": graph.truncated,
    }


def as_graphml(graph: Graph) -> bytes:
    """GraphML (Gephi, yEd, Cytoscape desktop read it): the node and edge attributes as keys."""
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    node_keys = ("label", "type", "kind", "date", "agency", "url", "hidden")
    edge_keys = ("kind", "label", "date")
    for name in node_keys:
        ET.SubElement(
            root, "key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": "string"}
        )
    for name in edge_keys:
        ET.SubElement(
            root, "key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": "string"}
        )
    g = ET.SubElement(root, "graph", id="hub389", edgedefault="undirected")
    for node in graph.nodes.values():
        el = ET.SubElement(g, "node", id=node["id"])
        for name in node_keys:
            if node.get(name):
                value = node[name]
                text = "; ".join(value) if isinstance(value, list) else str(value)
                ET.SubElement(el, "data", key=f"n_{name}").text = text
    for edge in graph.edges.values():
        el = ET.SubElement(g, "edge", id=edge["id"], source=edge["source"], target=edge["target"])
        for name in edge_keys:
            if edge.get(name):
                ET.SubElement(el, "data", key=f"e_{name}").text = str(edge[name])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def as_followthemoney(graph: Graph, user: Any) -> list[dict[str, Any]]:
    """followthemoney entities (Aleph, OpenAleph and nomenklatura read them), with the ids of
    the cases export (`cases.ftm`), so both land on the same entities: one per resolved subject,
    an Event per case involving its subjects, a Directorship per legal representative, and an
    UnknownLink per shared phone or address (its value masked as on the edge) and per possible
    same subject. A person's CCCD, birth date, phone and address are those of the records the
    reader may read (`subjects.access`), as on the profile; the counts of what the reader may not
    open go in each subject's notes."""
    from hub389.cases import ftm

    entities: dict[str, Any] = {}
    ids: dict[str, str] = {}
    nodes = {n["pk"]: n for n in graph.nodes.values() if n["type"] == "subject"}
    values = ftm.readable_values(user, list(nodes), clusters=True)
    for subject in Subject.objects.filter(pk__in=list(nodes)).order_by("pk"):
        node = nodes[subject.pk]
        for e in ftm.subject(subject, values.get(subject.pk, [])):
            if e.schema.name != "Address":
                e.set("name", node["label"])
                e.add("notes", node["hidden"] or None)  # what the reader may not open, counted
            entities[str(e.id)] = e
        ids[f"s{subject.pk}"] = ftm.entity_id("subject", subject.pk)
    for node in graph.nodes.values():
        if node["type"] == "case":
            e = ftm.make("Event", "case", node["pk"])
            e.add("name", node["label"])
            e.add("recordId", node["label"])
            e.add("date", node["date"] or None)
            e.add("summary", node["detail"] or None)
            e.add("country", "vn")
            entities[str(e.id)] = e
            ids[node["id"]] = str(e.id)
    for edge in graph.edges.values():
        a, b = ids[edge["source"]], ids[edge["target"]]
        if edge["kind"] == "case":
            entities[b].add("involved", a)  # the source is the subject, the target its case
            continue
        if edge["kind"] == "representative":
            e = ftm.make("Directorship", "link", edge["id"])
            e.add("organization", a)
            e.add("director", b)
            e.add("role", "Người đại diện theo pháp luật")
            e.add("description", edge.get("label") or None)  # "(trùng tên)": matched by name only
        else:
            e = ftm.make("UnknownLink", "link", edge["id"])
            e.add("subject", a)
            e.add("object", b)
            e.add("role", LINK_ROLES[edge["kind"]])
            e.add("description", edge.get("label") or None)
            e.add("date", edge.get("date") or None)
        entities[str(e.id)] = e
    return [e.to_dict() for e in entities.values()]


LINK_ROLES = {
    "phone": "Cùng số điện thoại",
    "address": "Cùng địa chỉ",
    "possible": "Có thể là cùng đối tượng",
}


# -- pages
def _seeds(request: AuthedRequest, pk: int) -> tuple[Subject, list[int]]:
    subject = get_object_or_404(Subject, pk=pk)
    policy.require(request.user, "profile", subject)
    expand = [int(x) for x in request.GET.get("expand", "").split(",") if x.isdigit()][:200]
    allowed = [s.pk for s in Subject.objects.filter(pk__in=expand) if policy.can(request.user, "profile", s)]
    return subject, [subject.pk, *allowed]


def _depth(request: AuthedRequest, default: int) -> int:
    value = request.GET.get("depth", "")
    return min(int(value), MAX_DEPTH) if value.isdigit() else default


def _audit(user: Any, action: str, subject: Subject, graph: Graph, **changes: Any) -> None:
    audit.record(
        user,
        action,
        subject,
        object_repr=f"{in_vietnamese(subject.get_kind_display())} #{subject.pk}",
        changes={"nodes": len(graph.nodes), "edges": len(graph.edges), **changes},
    )


LEGEND = (
    ("person", gettext_lazy("Cá nhân")),
    ("organisation", gettext_lazy("Doanh nghiệp")),
    ("household", gettext_lazy("Hộ kinh doanh")),
    ("vehicle", gettext_lazy("Phương tiện")),
    ("online", gettext_lazy("Gian hàng trực tuyến")),
    ("case", gettext_lazy("Vụ việc")),
)
EDGE_LEGEND = (
    ("case", gettext_lazy("Cùng vụ việc")),
    ("phone", gettext_lazy("Cùng số điện thoại")),
    ("address", gettext_lazy("Cùng địa chỉ")),
    ("representative", gettext_lazy("Người đại diện")),
    ("possible", gettext_lazy("Có thể là một")),
)


@login_required
def page(request: AuthedRequest, pk: int) -> HttpResponse:
    subject, seeds = _seeds(request, pk)
    graph = walk(request.user, seeds, depth=_depth(request, 2))
    _audit(request.user, "subject.view_graph", subject, graph)
    nodes = sorted(graph.nodes.values(), key=lambda n: (n["type"] != "subject", n["label"]))
    seed = next((n for n in nodes if n.get("seed")), None)
    return render(
        request,
        "subject_graph.html",
        {
            "subject": subject,
            "name": seed["label"] if seed else subject.name,
            "graph": as_cytoscape(graph),
            "nodes": nodes,
            "edges": list(graph.edges.values()),
            "truncated": graph.truncated,
            "limit": NODE_LIMIT,
            "legend": [(k, str(v)) for k, v in LEGEND],
            "edge_legend": [(k, str(v)) for k, v in EDGE_LEGEND],
            "strings": {
                "expand": _("Mở rộng từ nút này"),
                "expanded": _("Đã mở rộng"),
                "loading": _("Đang tải…"),
                "failed": _("Không tải được, thử lại"),
                "open_profile": _("Mở hồ sơ đối tượng"),
                "open_case": _("Mở vụ việc"),
                "merged": _("%(n)s bản ghi được xác định là một"),
                "agencies": _("%(n)s cơ quan có ghi nhận"),
                "stats": _("%(nodes)s nút, %(edges)s liên kết; sắp xếp trong %(ms)s ms"),
                "shown": _("Đang hiện %(shown)s / %(nodes)s nút"),
                "bad_date": _("không phải một ngày có thật theo dạng dd/mm/yyyy, ví dụ 05/11/2026."),
                "reversed": _("“Từ ngày” sau “Đến ngày”: không còn gì để hiện."),
                "from_field": _("Từ ngày"),
                "to_field": _("Đến ngày"),
                "choose": _("Chọn một nút hoặc một liên kết để xem chi tiết và mở rộng."),
                "recorded_on": _("Ghi nhận ngày"),
                "node_kinds": {k: str(v) for k, v in LEGEND},
                "edge_kinds": {k: str(v) for k, v in EDGE_LEGEND},
            },
        },
    )


@login_required
def data(request: AuthedRequest, pk: int) -> JsonResponse:
    """One node's neighbourhood as JSON (the graph's "expand from here")."""
    subject, seeds = _seeds(request, pk)
    graph = walk(request.user, seeds, depth=_depth(request, 1))
    _audit(request.user, "subject.view_graph", subject, graph)
    return JsonResponse(as_cytoscape(graph))


@login_required
def export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    subject, seeds = _seeds(request, pk)
    graph = walk(request.user, seeds, depth=_depth(request, 2))
    _audit(request.user, "subject.export_graph", subject, graph, format=fmt)
    if fmt == "graphml":
        body, mime, ext = as_graphml(graph), "application/graphml+xml", "graphml"
    else:
        lines = as_followthemoney(graph, request.user)
        body = "\n".join(json.dumps(e, ensure_ascii=False) for e in lines).encode() + b"\n"
        mime, ext = "application/x-ndjson", "ftm.json"
    response = HttpResponse(body, content_type=f"{mime}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mang-luoi-{subject.pk}.{ext}"'
    return response
