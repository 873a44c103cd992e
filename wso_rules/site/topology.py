"""The county map's geometry: the bundled TopoJSON (data/README.md) decoded to SVG path data.

TopoJSON stores each border once as an "arc" of quantized, delta-encoded points; a polygon's ring
lists arc indices, a negative index (~i) meaning arc i walked backwards. Decoding at build time
keeps the site free of scripts and libraries at view time: the map is plain inline SVG.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

LAYERS = ("counties", "states")
"""The file's layers the map draws (its third, `nation`, is their union)."""
WIDTH, HEIGHT = 975, 610
"""The frame the geometry is projected into (Albers USA, Alaska and Hawaii inset)."""


@dataclass(frozen=True)
class Shape:
    """One geometry of the map: its Census code (5-digit county or 2-digit state FIPS), name and outline."""

    fips: str
    name: str
    path: str


Point = tuple[int, int]
"""A point in tenths of a pixel: paths are written to 0.1 px, far below what a screen shows."""


def _topology() -> dict:
    text = resources.files("wso_rules.site").joinpath("data", "counties-albers-10m.json").read_text(encoding="utf-8")
    return json.loads(text)


def _arcs(topology: dict) -> tuple[tuple[Point, ...], ...]:
    """Every arc as absolute points: undo the delta encoding, then the quantization."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((round((x * sx + tx) * 10), round((y * sy + ty) * 10)))
        decoded.append(tuple(points))
    return tuple(decoded)


def _ring(arcs: tuple[tuple[Point, ...], ...], indices: list[int]) -> list[Point]:
    """The closed ring the arcs make, each arc after the first without its repeated first point."""
    ring: list[Point] = []
    for index in indices:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)
    return ring


def _number(tenths: int) -> str:
    """Tenths of a pixel as SVG's shortest decimal: 12 -> "1.2", -5 -> "-.5", 30 -> "3"."""
    sign = "-" if tenths < 0 else ""
    whole, part = divmod(abs(tenths), 10)
    if not part:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{part}"


def _ring_path(ring: list[Point]) -> str:
    """`M x y` then relative line segments (short to write), closed with `z`."""
    (x0, y0), parts = ring[0], []
    parts.append(f"M{_number(x0)} {_number(y0)}")
    last = ring[0]
    for point in ring[1:]:
        dx, dy = point[0] - last[0], point[1] - last[1]
        if dx or dy:
            parts.append(f"l{_number(dx)} {_number(dy)}")
            last = point
    return "".join(parts) + "z"


def _path(arcs: tuple[tuple[Point, ...], ...], geometry: dict) -> str:
    polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    return "".join(_ring_path(_ring(arcs, ring)) for polygon in polygons for ring in polygon)


@cache
def _layers() -> dict[str, tuple[Shape, ...]]:
    """Every layer's shapes; only the paths are kept (the decoded file is ten times their size)."""
    topology = _topology()
    arcs = _arcs(topology)
    return {
        name: tuple(
            Shape(g["id"], g["properties"]["name"], _path(arcs, g)) for g in layer["geometries"] if g.get("arcs")
        )
        for name, layer in topology["objects"].items()
        if name in LAYERS
    }


def shapes(layer: str) -> tuple[Shape, ...]:
    """The shapes of a layer of the TopoJSON: "counties" or "states"."""
    return _layers()[layer]
