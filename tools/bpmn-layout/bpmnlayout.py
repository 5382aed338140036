"""A tiny BPMN 2.0 writer with a grid layout, for the default workflows in ``workflows/``.

A process is described in Python (see ``workflows.py``): flow nodes placed on a grid of columns and rows
(fractions allowed), sequence flows between them, boundary events on a host's bottom edge and expanded
sub-processes that hold a grid of their own. ``render`` writes the semantic model followed by a complete
BPMN DI section (a shape with bounds for every node, an edge with orthogonal waypoints for every flow), so
bpmn-js and Camunda Modeler open the file as drawn here.

Edge routing, in order of precedence:
  * ``points=[(x, y), ...]``: given waypoints;
  * ``via=row``: leave the source from its top/bottom, run horizontally along the centre line of that row of
    the flow's own grid, enter the target from its top/bottom (loops back, bypasses);
  * ``enter="bottom"``/``"top"``: run horizontally to the target's centre, then vertically into it;
  * same centre line: straight;
  * a gateway or boundary event as source: vertical first, then horizontal into the target's side;
  * a gateway as target: horizontal first, then vertical into the gateway's top/bottom;
  * otherwise a Z: right, vertical at half way, right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

COL_W = 150  # grid column width
ROW_H = 120  # grid row height
SIZES = {
    "task": (100, 80),
    "event": (36, 36),
    "gateway": (50, 50),
}
SUB_MARGIN = 10  # space between a sub-process border and the outer grid cell it starts in

TASKS = {"userTask", "serviceTask", "sendTask", "receiveTask", "callActivity"}
EVENTS = {"startEvent", "endEvent", "intermediateCatchEvent", "boundaryEvent"}
GATEWAYS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway"}


def attr(name: str, value: object) -> str:
    return f" {name}={quoteattr(str(value))}"


@dataclass
class Bounds:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass
class Node:
    id: str
    kind: str  # BPMN element name: userTask, exclusiveGateway, subProcess …
    name: str
    col: float = 0
    row: float = 0
    attrs: dict[str, str] = field(default_factory=dict)
    body: list[str] = field(default_factory=list)  # inner XML lines (extensions, event definitions, loops)
    scope: "Scope | None" = None  # the grid of an expanded sub-process
    bounds: Bounds | None = None
    # boundary events
    attached_to: "Node | None" = None
    offset: float | None = 0.5  # position along the host's bottom edge, 0..1; None: at ``col`` of the grid

    @property
    def size_class(self) -> str:
        if self.kind in EVENTS:
            return "event"
        if self.kind in GATEWAYS:
            return "gateway"
        return "task"


@dataclass
class Flow:
    id: str
    source: Node
    target: Node
    name: str | None = None
    condition: str | None = None
    via: float | None = None  # a row of the scope's grid
    enter: str | None = None
    points: list[tuple[float, float]] | None = None
    waypoints: list[tuple[float, float]] = field(default_factory=list)


class Scope:
    """The nodes and flows of a process or of one expanded sub-process, on one grid."""

    def __init__(self) -> None:
        self.nodes: list[Node] = []
        self.flows: list[Flow] = []
        self.defaults: dict[str, str] = {}

    def add(self, node: Node) -> Node:
        self.nodes.append(node)
        return node

    def flow(self, source: Node, target: Node, name: str | None = None, condition: str | None = None,
             default: bool = False, via: float | None = None, enter: str | None = None,
             points: list[tuple[float, float]] | None = None, id: str | None = None) -> Flow:
        flow_id = id or f"flow{cap(source.id)}To{cap(target.id)}"
        f = Flow(flow_id, source, target, name, condition, via, enter, points)
        self.flows.append(f)
        if default:
            self.defaults[source.id] = flow_id
        return f

    # ------------------------------------------------------------------ layout

    def grid_size(self) -> tuple[float, float]:
        """Width and height of the grid the placed nodes occupy (sub-processes by their bounds)."""
        cols = 0.0
        rows = 0.0
        for n in self.nodes:
            if n.kind == "boundaryEvent":
                continue
            if n.scope is not None:
                w, h = n.scope.outer_size()
                cols = max(cols, n.col + w / COL_W)
                rows = max(rows, n.row + h / ROW_H)
            else:
                cols = max(cols, n.col + 1)
                rows = max(rows, n.row + 1)
        for f in self.flows:
            if f.via is not None:  # a routing lane stays inside the sub-process border
                rows = max(rows, f.via + 1)
        return cols * COL_W, rows * ROW_H

    def outer_size(self) -> tuple[float, float]:
        """What the sub-process holding this grid occupies on its parent's grid: its bounds plus margins."""
        w, h = self.grid_size()
        return w + 2 * SUB_MARGIN, h + 2 * SUB_MARGIN

    def place(self, ox: float, oy: float) -> None:
        for n in self.nodes:
            if n.kind == "boundaryEvent":
                continue
            if n.scope is not None:
                w, h = n.scope.grid_size()
                n.bounds = Bounds(ox + n.col * COL_W + SUB_MARGIN, oy + n.row * ROW_H + SUB_MARGIN, w, h)
                n.scope.place(n.bounds.x, n.bounds.y)
                continue
            w, h = SIZES[n.size_class]
            cx = ox + n.col * COL_W + COL_W / 2
            cy = oy + n.row * ROW_H + ROW_H / 2
            n.bounds = Bounds(cx - w / 2, cy - h / 2, w, h)
        for n in self.nodes:
            if n.kind == "boundaryEvent":
                host = n.attached_to.bounds
                w, h = SIZES["event"]
                cx = host.x + host.w * n.offset if n.offset is not None else ox + n.col * COL_W + COL_W / 2
                n.bounds = Bounds(cx - w / 2, host.bottom - h / 2, w, h)
        for f in self.flows:
            f.waypoints = route(f, None if f.via is None else oy + f.via * ROW_H + ROW_H / 2)

    def center_row_of(self, node: Node) -> float:
        """The (fractional) row whose centre line runs through the middle of ``node`` (e.g. a sub-process)."""
        if node.scope is None:
            return node.row
        _, h = node.scope.grid_size()
        center = node.row * ROW_H + SUB_MARGIN + h / 2
        return (center - ROW_H / 2) / ROW_H


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def route(f: Flow, via_y: float | None) -> list[tuple[float, float]]:
    s, t = f.source.bounds, f.target.bounds
    if f.points:
        return list(f.points)
    if via_y is not None:
        y = via_y
        sy = s.y if y < s.cy else s.bottom
        ty = t.y if y < t.cy else t.bottom
        return [(s.cx, sy), (s.cx, y), (t.cx, y), (t.cx, ty)]
    if f.enter in ("bottom", "top"):
        ty = t.bottom if f.enter == "bottom" else t.y
        sx = s.right if t.cx > s.cx else s.x
        return [(sx, s.cy), (t.cx, s.cy), (t.cx, ty)]
    if abs(s.cy - t.cy) < 1:
        if t.cx >= s.cx:
            return [(s.right, s.cy), (t.x, t.cy)]
        return [(s.x, s.cy), (t.right, t.cy)]
    if abs(s.cx - t.cx) < 1:
        if t.cy > s.cy:
            return [(s.cx, s.bottom), (t.cx, t.y)]
        return [(s.cx, s.y), (t.cx, t.bottom)]
    source_turns = f.source.kind in GATEWAYS or f.source.kind == "boundaryEvent"
    if source_turns:
        sy = s.bottom if t.cy > s.cy else s.y
        tx = t.x if t.cx > s.cx else t.right
        return [(s.cx, sy), (s.cx, t.cy), (tx, t.cy)]
    if f.target.kind in GATEWAYS:
        sx = s.right if t.cx > s.cx else s.x
        ty = t.y if s.cy < t.cy else t.bottom
        return [(sx, s.cy), (t.cx, s.cy), (t.cx, ty)]
    mid = (s.right + t.x) / 2
    return [(s.right, s.cy), (mid, s.cy), (mid, t.cy), (t.x, t.cy)]


# ---------------------------------------------------------------------- writing


def render(definitions_id: str, process_id: str, process_name: str, scope: Scope,
           messages: dict[str, str], documentation: str) -> str:
    scope.place(150, 80)
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"'
        ' xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"'
        ' xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"'
        ' xmlns:di="http://www.omg.org/spec/DD/20100524/DI"'
        ' xmlns:camunda="http://camunda.org/schema/1.0/bpmn"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        f'{attr("id", definitions_id)}'
        ' targetNamespace="http://supervisionflow.local/workflows"'
        ' exporter="SupervisionFlow tools/bpmn-layout" exporterVersion="1.0">',
    ]
    for message_id, message_name in messages.items():
        out.append(f"  <message{attr('id', message_id)}{attr('name', message_name)} />")
    out.append(f"  <process{attr('id', process_id)}{attr('name', process_name)} isExecutable=\"true\">")
    out.append(f"    <documentation>{escape(documentation)}</documentation>")
    write_scope(scope, out, "    ")
    out.append("  </process>")
    diagram = definitions_id.removesuffix("Definitions")
    out.append(f"  <bpmndi:BPMNDiagram{attr('id', diagram + 'Diagram')}>")
    out.append(f"    <bpmndi:BPMNPlane{attr('id', diagram + 'Plane')}{attr('bpmnElement', process_id)}>")
    write_di(scope, out, "      ")
    out.append("    </bpmndi:BPMNPlane>")
    out.append("  </bpmndi:BPMNDiagram>")
    out.append("</definitions>")
    return "\n".join(out) + "\n"


def write_scope(scope: Scope, out: list[str], indent: str) -> None:
    for n in scope.nodes:
        attrs = attr("id", n.id) + attr("name", n.name)
        if n.kind == "boundaryEvent":
            attrs += attr("attachedToRef", n.attached_to.id)
        for key, value in n.attrs.items():
            attrs += attr(key, value)
        if n.id in scope.defaults:
            attrs += attr("default", scope.defaults[n.id])
        inner = list(n.body)
        if not inner and n.scope is None:
            out.append(f"{indent}<{n.kind}{attrs} />")
            continue
        out.append(f"{indent}<{n.kind}{attrs}>")
        for line in inner:
            out.append(f"{indent}  {line}")
        if n.scope is not None:
            write_scope(n.scope, out, indent + "  ")
        out.append(f"{indent}</{n.kind}>")
    for f in scope.flows:
        attrs = attr("id", f.id) + (attr("name", f.name) if f.name else "")
        attrs += attr("sourceRef", f.source.id) + attr("targetRef", f.target.id)
        if f.condition is None:
            out.append(f"{indent}<sequenceFlow{attrs} />")
        else:
            out.append(f"{indent}<sequenceFlow{attrs}>")
            out.append(f'{indent}  <conditionExpression xsi:type="tFormalExpression">{escape(f.condition)}</conditionExpression>')
            out.append(f"{indent}</sequenceFlow>")


def fmt(value: float) -> str:
    return str(int(round(value)))


def label_bounds(b: Bounds, text: str) -> str:
    width = max(40, min(120, 14 * len(text)))
    lines = 1 if 14 * len(text) <= 120 else 2
    return (f'<dc:Bounds x="{fmt(b.cx - width / 2)}" y="{fmt(b.bottom + 6)}"'
            f' width="{fmt(width)}" height="{fmt(14 * lines)}" />')


def seg_len(points: list[tuple[float, float]], i: int) -> float:
    (x1, y1), (x2, y2) = points[i], points[i + 1]
    return abs(x2 - x1) + abs(y2 - y1)


def write_di(scope: Scope, out: list[str], indent: str) -> None:
    for n in scope.nodes:
        b = n.bounds
        extra = ' isExpanded="true"' if n.kind == "subProcess" else ""
        extra += ' isMarkerVisible="true"' if n.kind == "exclusiveGateway" else ""
        out.append(f"{indent}<bpmndi:BPMNShape{attr('id', n.id + '_di')}{attr('bpmnElement', n.id)}{extra}>")
        out.append(f'{indent}  <dc:Bounds x="{fmt(b.x)}" y="{fmt(b.y)}" width="{fmt(b.w)}" height="{fmt(b.h)}" />')
        if n.size_class in ("event", "gateway") and n.name:
            out.append(f"{indent}  <bpmndi:BPMNLabel>{label_bounds(b, n.name)}</bpmndi:BPMNLabel>")
        out.append(f"{indent}</bpmndi:BPMNShape>")
        if n.scope is not None:
            write_di(n.scope, out, indent)
    for f in scope.flows:
        out.append(f"{indent}<bpmndi:BPMNEdge{attr('id', f.id + '_di')}{attr('bpmnElement', f.id)}>")
        for x, y in f.waypoints:
            out.append(f'{indent}  <di:waypoint x="{fmt(x)}" y="{fmt(y)}" />')
        if f.name:
            # on the first segment, unless it is too short to hold the label beside a gateway's own label
            first = 0 if len(f.waypoints) == 2 or seg_len(f.waypoints, 0) >= 60 else 1
            (x1, y1), (x2, y2) = f.waypoints[first], f.waypoints[first + 1]
            width = max(30, min(120, 13 * len(f.name)))
            lx = (x1 + x2) / 2 + 6 if abs(x1 - x2) < 1 else (x1 + x2) / 2 - width / 2
            ly = (y1 + y2) / 2 - 7 if abs(x1 - x2) < 1 else y1 - 20
            out.append(f'{indent}  <bpmndi:BPMNLabel><dc:Bounds x="{fmt(lx)}" y="{fmt(ly)}"'
                       f' width="{fmt(width)}" height="14" /></bpmndi:BPMNLabel>')
        out.append(f"{indent}</bpmndi:BPMNEdge>")
