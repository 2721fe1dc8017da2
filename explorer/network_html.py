"""The actor network as one self-contained HTML page, drawn by pyvis / vis-network.

pyvis's template pulls vis-network, its CSS, Bootstrap and tom-select from CDNs even in
``local`` mode, and ``in_line`` still links Bootstrap. We build the network with pyvis in
``in_line`` mode, then strip every remaining external ``<script src>`` / ``<link href>``,
so the page works offline and no request leaves the machine.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping

import networkx as nx
from pyvis.network import Network

__all__ = [
    "BLOC_COLORS",
    "PHYSICS_MAX_NODES",
    "POLARITY_COLORS",
    "edge_color",
    "external_references",
    "network_html",
]

#: Above this many nodes vis-network physics is too slow; positions come from networkx only.
PHYSICS_MAX_NODES = 150

POLARITY_COLORS = {"cooperative": "#2e7d32", "conflictual": "#c62828", "neutral": "#9e9e9e"}

#: Bloc colours (colour-blind-safe Okabe-Ito order, without the edge green and red); grey when more blocs.
BLOC_COLORS = ("#0072b2", "#e69f00", "#cc79a7", "#56b4e9", "#8c564b", "#f0e442", "#17becf", "#7f7f7f")

_KIND_COLORS = {
    "state": "#1565c0",
    "igo": "#6a1b9a",
    "person": "#ef6c00",
    "org": "#00838f",
    "group": "#5d4037",
}

# <script ... src="http..."></script> and <link ... href="http..." ...> left by the pyvis template.
_EXTERNAL_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script\s*>", re.I | re.S
)
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?(?:https?:)?//[^>]*/?>", re.I | re.S)
# The template keeps a commented-out node_modules <script>; nothing in vis or our JSON data contains "<!--".
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.S)
# Fit the Streamlit iframe: no page margin, no float leaving a scrollbar.
_FRAME_STYLE = (
    "<style>html,body{margin:0;padding:0}#mynetwork{float:none;border:0}"
    "div.vis-tooltip{font-family:sans-serif;font-size:13px}</style>"
)
_SRC_OR_HREF = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?([^\"'\s>]+)", re.I)


def edge_color(sign: float | int | None) -> str:
    """Colour of an edge from the sign of its polarity sum.

    >>> edge_color(1), edge_color(-1), edge_color(0)
    ('#2e7d32', '#c62828', '#9e9e9e')
    """
    if sign and sign > 0:
        return POLARITY_COLORS["cooperative"]
    if sign and sign < 0:
        return POLARITY_COLORS["conflictual"]
    return POLARITY_COLORS["neutral"]


def external_references(page: str) -> list[str]:
    """The ``src``/``href`` values of script, link, img and iframe tags that point off the page.

    >>> external_references('<script src="https://cdn.example/x.js"></script><img src="data:,">')
    ['https://cdn.example/x.js']
    """
    return [
        ref
        for ref in _SRC_OR_HREF.findall(page)
        if not ref.startswith(("data:", "blob:", "about:", "#"))
    ]


def _text(value: object) -> str:
    return html.escape(str(value)) if value not in (None, "") else ""


def _node_color(node, attrs, blocs, bloc_order) -> str:
    if blocs is not None:
        bloc = blocs.get(node)
        if bloc is None:
            return "#bdbdbd"
        i = bloc_order.index(bloc)
        return BLOC_COLORS[i] if i < len(BLOC_COLORS) else BLOC_COLORS[-1]
    return _KIND_COLORS.get(attrs.get("kind"), "#546e7a")


def _rreplace(text: str, old: str, new: str) -> str:
    head, sep, tail = text.rpartition(old)
    return head + new + sep + tail if sep else text + new


def _script_json(value: object) -> str:
    """JSON safe inside a <script>: no ``<`` at all, so no ``</script>`` or ``<!--`` from article text."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace("\u2028", "\\u2028").replace(
        "\u2029", "\\u2029")


_PANEL_STYLE = (
    "<style>body{display:flex;font-family:sans-serif}.card{flex:1 1 auto;min-width:0}"
    "#ag-panel{flex:0 0 34%;height:HEIGHTpx;overflow:auto;border-left:1px solid #ddd;padding:8px 12px;"
    "box-sizing:border-box;font-size:13px;color:#222}#ag-panel h4{margin:4px 0 8px;font-size:15px}"
    ".ag-rel{border:1px solid #e0e0e0;border-radius:6px;padding:6px 8px;margin:0 0 8px}"
    ".ag-head{font-weight:600}.ag-coop{color:#2e7d32}.ag-conf{color:#c62828}.ag-neu{color:#757575}"
    ".ag-sent{margin:4px 0;padding-left:8px;border-left:3px solid #ccc}.ag-src{color:#555}</style>"
)

# Built with textContent only: article text never becomes HTML. Links only for http(s) URLs.
_PANEL_JS = r"""
<div id="ag-panel"><h4>Evidence</h4><p class="ag-src">Click an actor or an edge to read the sentences behind it.</p></div>
<script>
(function () {
  var AG = __DATA__;
  var byNode = {};
  AG.forEach(function (e) {
    (byNode[e.from] = byNode[e.from] || []).push(e);
    if (e.to !== e.from) (byNode[e.to] = byNode[e.to] || []).push(e);
  });
  var byId = {};
  AG.forEach(function (e) { byId[e.id] = e; });
  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    if (text !== undefined) x.textContent = text;
    return x;
  }
  function show(title, edgeList) {
    var panel = document.getElementById("ag-panel");
    panel.textContent = "";
    var total = 0;
    edgeList.forEach(function (e) { total += Number(e.count) || 0; });
    panel.appendChild(el("h4", null, title));
    panel.appendChild(el("p", "ag-src", total + " relation(s)"));
    edgeList.forEach(function (e) {
      e.rows.forEach(function (r) {
        var box = el("div", "ag-rel");
        var kind = r.polarity > 0 ? "cooperative" : (r.polarity < 0 ? "conflictual" : "neutral");
        var cls = r.polarity > 0 ? "ag-coop" : (r.polarity < 0 ? "ag-conf" : "ag-neu");
        var head = el("div", "ag-head");
        head.appendChild(el("span", null, r.source + " \u2192 " + r.target + " \u00b7 " + r.type + " \u00b7 "));
        head.appendChild(el("span", cls, kind + (r.negated ? " (negated)" : "")));
        box.appendChild(head);
        box.appendChild(el("div", "ag-sent", r.sentence));
        var src = el("div", "ag-src");
        if (/^https?:\/\//.test(r.url)) {
          var a = el("a", null, r.title);
          a.href = r.url; a.target = "_blank"; a.rel = "noopener noreferrer";
          src.appendChild(a);
        } else {
          src.appendChild(el("span", null, r.title));
        }
        if (r.date) src.appendChild(el("span", null, " \u00b7 " + r.date));
        box.appendChild(src);
        panel.appendChild(box);
      });
      if (e.rows.length < Number(e.count)) {
        panel.appendChild(el("p", "ag-src", "\u2026 " + (Number(e.count) - e.rows.length) +
          " more on this edge: choose the actor below the network."));
      }
    });
  }
  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      var label = (nodes.get(id) || {}).label || id;
      show(label, byNode[id] || []);
    } else if (params.edges.length) {
      var e = byId[params.edges[0]];
      if (e) {
        var a = (nodes.get(e.from) || {}).label || e.from, b = (nodes.get(e.to) || {}).label || e.to;
        show(a + " \u2192 " + b, [e]);
      }
    }
  });
})();
</script>
"""


def _panel_script(panel: list[dict]) -> str:
    return _PANEL_JS.replace("__DATA__", _script_json(panel))


def _node_size(score: float, top: float) -> float:
    return 12 + 38 * math.sqrt(score / top) if top > 0 else 20


def network_html(
    G: nx.DiGraph,
    centrality: Mapping[str, Mapping[str, float]] | None = None,
    *,
    size_by: str = "pagerank",
    positions: Mapping[str, tuple[float, float]] | None = None,
    height: int = 600,
    seed: int = 7,
    physics: bool | None = None,
    blocs: Mapping[str, str] | None = None,
    evidence: Mapping[tuple[str, str], list[dict]] | None = None,
) -> str:
    """Render an actor graph as a self-contained vis-network page.

    Parameters
    ----------
    G : nx.DiGraph
        Actor graph as built by ``graph.projection.actor_graph``: node attributes
        ``label, kind, country``; edge attributes ``weight, count, sign, score``.
    centrality : mapping, optional
        ``actor_centrality(G)``; nodes are sized by ``centrality[node][size_by]``.
    positions : mapping, optional
        Node positions in any unit (e.g. a cached ``spring_layout`` of the full graph);
        computed with ``nx.spring_layout(G, seed=seed)`` when absent.
    height : int
        Canvas height in pixels.
    physics : bool, optional
        vis-network physics; by default on up to ``PHYSICS_MAX_NODES`` nodes.
    blocs : mapping, optional
        Actor -> bloc id; nodes are coloured by bloc (else by kind).
    evidence : mapping, optional
        ``(source, target)`` -> relation dicts (``sentence, type, polarity, date, title, url, source,
        target``); when given, a side panel lists them when the edge, or one of its actors, is clicked.

    Returns
    -------
    str
        A complete HTML page with vis-network inlined and no external resource.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("RUS", label="Russia", kind="state", country="RUS")
    >>> G.add_node("AZE", label="Azerbaijan", kind="state", country="AZE")
    >>> G.add_edge("RUS", "AZE", weight=2, count=2, sign=-1, score=-1.0)
    >>> page = network_html(G)
    >>> external_references(page), "new vis.Network" in page
    ([], True)
    """
    centrality = centrality or {}
    if physics is None:
        physics = G.number_of_nodes() <= PHYSICS_MAX_NODES
    if positions is None:
        positions = nx.spring_layout(G, seed=seed) if G.number_of_nodes() else {}
    scale = 60 * math.sqrt(max(G.number_of_nodes(), 1)) + 200

    scores = {n: float(centrality.get(n, {}).get(size_by, 0.0) or 0.0) for n in G.nodes}
    top = max(scores.values(), default=0.0)

    bloc_order = sorted(set((blocs or {}).values()), key=lambda b: (len(b), b))
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    for node, attrs in G.nodes(data=True):
        label = _text(attrs.get("label") or node)
        kind = _text(attrs.get("kind"))
        country = _text(attrs.get("country"))
        tooltip = "\n".join(
            line
            for line in (
                f"{label} ({_text(node)})",
                f"kind: {kind}" if kind else "",
                f"country: {country}" if country else "",
                f"{size_by}: {scores[node]:.3f}" if centrality else "",
            )
            if line
        )
        x, y = positions.get(node, (0.0, 0.0))
        if blocs is not None and node in blocs:
            tooltip += f"\nbloc: {_text(blocs[node])}"
        net.add_node(
            _text(node),
            label=label,
            title=tooltip,
            size=_node_size(scores[node], top),
            color=_node_color(node, attrs, blocs, bloc_order),
            x=float(x) * scale,
            y=float(y) * scale,
        )
    panel: list[dict] = []
    for index, (source, target, attrs) in enumerate(G.edges(data=True)):
        weight = float(attrs.get("weight", attrs.get("count", 1)) or 1)
        count = attrs.get("count", weight)
        score = attrs.get("score")
        tooltip = f"{_text(G.nodes[source].get('label') or source)} → {_text(G.nodes[target].get('label') or target)}\n"
        tooltip += f"{_text(count)} relation(s)"
        if score is not None:
            tooltip += f", mean polarity {float(score):+.2f}"
        edge_id = f"e{index}"
        if evidence is not None:
            panel.append({"id": edge_id, "from": _text(source), "to": _text(target), "count": count,
                          "rows": list(evidence.get((source, target), ()))})
        net.add_edge(
            _text(source),
            _text(target),
            id=edge_id,
            title=tooltip,
            color=edge_color(attrs.get("sign")),
            width=min(1 + 1.5 * math.log2(weight), 12) if weight >= 1 else 1,
        )
    net.set_options(
        json.dumps(
            {
                "physics": {
                    "enabled": physics,
                    "solver": "forceAtlas2Based",
                    "stabilization": {"iterations": 150},
                },
                "edges": {
                    "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                    "smooth": {"type": "curvedCW", "roundness": 0.15},
                },
                "nodes": {"font": {"size": 16}},
                "interaction": {"hover": True, "tooltipDelay": 150},
            }
        )
    )
    page = net.generate_html()
    page = _EXTERNAL_SCRIPT.sub("", page)
    page = _EXTERNAL_LINK.sub("", page)
    page = _HTML_COMMENT.sub("", page)
    page = _EMPTY_HEADING.sub("", page)
    page = page.replace("</head>", _FRAME_STYLE + "</head>", 1)
    if evidence is not None:
        page = page.replace("</head>", _PANEL_STYLE.replace("HEIGHT", str(height)) + "</head>", 1)
        page = _rreplace(page, "</body>", _panel_script(panel) + "</body>")
    leftover = external_references(page)
    if leftover:  # a pyvis template change must not silently bring the CDN back
        raise RuntimeError(f"network HTML still references external resources: {leftover}")
    return page
