"""Draws a BPMN file's diagram (its BPMN DI section) as a plain SVG, to check a layout without a browser.

    python3 tools/bpmn-layout/preview.py workflows/suggestion-handling.bpmn out.svg

Shapes are drawn as bpmn-js would place them (tasks as rounded boxes, events as circles, gateways as diamonds,
flows along their waypoints) with the element names; it is a preview, not a renderer of BPMN notation.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "dc": "http://www.omg.org/spec/DD/20100524/DC",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}


def main(source: str, target: str) -> None:
    root = ET.parse(source).getroot()
    elements = {e.get("id"): e for e in root.iter() if e.get("id")}
    parts: list[str] = []
    max_x = max_y = 0.0
    for shape in root.iter(f"{{{NS['bpmndi']}}}BPMNShape"):
        element = elements[shape.get("bpmnElement")]
        kind = element.tag.split("}")[1]
        b = shape.find("dc:Bounds", NS)
        x, y, w, h = (float(b.get(a)) for a in ("x", "y", "width", "height"))
        max_x, max_y = max(max_x, x + w), max(max_y, y + h)
        name = escape(element.get("name") or "")
        if kind.endswith("Event"):
            stroke = 3 if kind == "endEvent" else 1
            dash = ' stroke-dasharray="4 2"' if element.get("cancelActivity") == "false" else ""
            parts.append(f'<circle cx="{x + w / 2}" cy="{y + h / 2}" r="{w / 2}" fill="white" stroke="black" stroke-width="{stroke}"{dash}/>')
            parts.append(f'<text x="{x + w / 2}" y="{y + h + 14}" text-anchor="middle">{name}</text>')
        elif kind.endswith("Gateway"):
            cx, cy = x + w / 2, y + h / 2
            parts.append(f'<polygon points="{cx},{y} {x + w},{cy} {cx},{y + h} {x},{cy}" fill="white" stroke="black"/>')
            mark = {"parallelGateway": "+", "inclusiveGateway": "o"}.get(kind, "x")
            parts.append(f'<text x="{cx}" y="{cy + 5}" text-anchor="middle">{mark}</text>')
            parts.append(f'<text x="{cx}" y="{y + h + 14}" text-anchor="middle">{name}</text>')
        else:
            fill = "#f4f8ff" if kind == "subProcess" else "white"
            rect = (f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10" fill="{fill}" stroke="black"/>')
            parts.insert(0, rect) if kind == "subProcess" else parts.append(rect)
            ty = y + 16 if kind == "subProcess" else y + h / 2 + 5
            parts.append(f'<text x="{x + w / 2}" y="{ty}" text-anchor="middle">{name}</text>')
            if kind != "subProcess":
                parts.append(f'<text x="{x + 4}" y="{y + 12}" font-size="9" fill="#666">{kind}</text>')
    for edge in root.iter(f"{{{NS['bpmndi']}}}BPMNEdge"):
        flow = elements[edge.get("bpmnElement")]
        points = [(float(p.get("x")), float(p.get("y"))) for p in edge.findall("di:waypoint", NS)]
        path = " ".join(f"{x},{y}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#333" marker-end="url(#arrow)"/>')
        if flow.get("name"):
            (x1, y1), (x2, y2) = points[0], points[1]
            parts.append(f'<text x="{(x1 + x2) / 2 + 4}" y="{(y1 + y2) / 2 - 4}" font-size="10" fill="#a00">{escape(flow.get("name"))}</text>')
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{max_x + 100}" height="{max_y + 100}" font-family="sans-serif" font-size="12">'
           '<defs><marker id="arrow" markerWidth="10" markerHeight="10" refX="9" refY="3" orient="auto">'
           '<path d="M0,0 L9,3 L0,6 z"/></marker></defs>'
           f'<rect width="100%" height="100%" fill="white"/>{"".join(parts)}</svg>')
    with open(target, "w", encoding="utf-8") as out:
        out.write(svg)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
