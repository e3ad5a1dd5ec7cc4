// The network graph page's drawing (GET /ui/graph). Plain ES module, no inline code: the page gives everything in
// data- attributes on #graph-canvas — the graph's JSON URL, the layout ('preset': server positions from ELK for the
// whole estate; 'dagre': laid out here for a neighbourhood) and the vendor module URLs (no import map, so they are
// imported by URL). The page works without this script: the table lists the same integrations.

const STATUS_LINE = {
  verified: { colour: '--ok', style: 'solid', width: 2 },
  failed: { colour: '--bad', style: 'solid', width: 4 },
  unverified: { colour: '--muted', style: 'dashed', width: 2 },
};
const LABEL_CHARS = 32;
// Big graphs: cheaper rendering while panning and zooming (the Pact Broker's graph gave up near 200 pacticipants).
const BIG = 150;

const container = document.getElementById('graph-canvas');
const status = document.getElementById('graph-status');

function say(text) {
  if (status) status.textContent = text;
}

function shorten(name) {
  const chars = [...name];
  return chars.length > LABEL_CHARS ? `${chars.slice(0, LABEL_CHARS - 1).join('')}…` : name;
}

function elementsOf(graph, centre) {
  const ids = new Map(graph.nodes.map((node, i) => [node.name, `n${i}`]));
  const nodes = graph.nodes.map((node) => ({
    group: 'nodes',
    data: { id: ids.get(node.name), label: shorten(node.name), name: node.name, href: node.href, centre: node.name === centre ? 'yes' : 'no' },
    ...(node.position ? { position: { x: node.position.x, y: node.position.y } } : {}),
  }));
  const edges = graph.edges.map((edge, i) => ({
    group: 'edges',
    data: { id: `e${i}`, source: ids.get(edge.consumer), target: ids.get(edge.provider), status: edge.status },
  }));
  return [...nodes, ...edges];
}

function styleOf(big) {
  const css = getComputedStyle(document.documentElement);
  const colour = (name) => css.getPropertyValue(name).trim() || '#888888';
  const edgeStyles = Object.entries(STATUS_LINE).map(([name, line]) => ({
    selector: `edge[status = "${name}"]`,
    style: { 'line-color': colour(line.colour), 'target-arrow-color': colour(line.colour), 'line-style': line.style, width: line.width },
  }));
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        label: 'data(label)',
        width: (node) => 28 + 7.5 * Math.min([...node.data('name')].length, LABEL_CHARS),
        height: 36,
        'background-color': colour('--head'),
        'border-color': colour('--line'),
        'border-width': 1,
        color: colour('--fg'),
        'font-size': 12,
        'text-valign': 'center',
        'text-halign': 'center',
        'min-zoomed-font-size': big ? 6 : 0,
      },
    },
    { selector: 'node[centre = "yes"]', style: { 'border-color': colour('--accent'), 'border-width': 3, 'font-weight': 'bold' } },
    { selector: 'node:selected', style: { 'border-color': colour('--accent'), 'border-width': 3 } },
    {
      selector: 'edge',
      // Big graphs draw haystack edges (no arrowheads: far cheaper); the layered layout already puts every consumer
      // left of its providers, and the table names each direction.
      style: big
        ? { 'curve-style': 'haystack', 'haystack-radius': 0, opacity: 0.75 }
        : { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.9 },
    },
    ...edgeStyles,
  ];
}

/**
 * The whole estate is tall (one column per layer, consumers left): fitting all of it makes the labels unreadable.
 * Fit the width instead (never zooming past 1), top first; scrolling the wheel zooms and dragging pans to the rest.
 */
function readableView(cy, el) {
  const box = cy.elements().boundingBox();
  const padding = 20;
  const zoom = Math.min(1, (el.clientWidth - 2 * padding) / Math.max(box.w, 1));
  if (box.h * zoom <= el.clientHeight - 2 * padding) {
    cy.fit(undefined, padding);
    return;
  }
  cy.zoom(zoom);
  cy.pan({ x: (el.clientWidth - box.w * zoom) / 2 - box.x1 * zoom, y: padding - box.y1 * zoom });
}

async function draw(el) {
  const preset = el.dataset.layout === 'preset';
  const [cytoscapeModule, dagreModule, response] = await Promise.all([
    import(el.dataset.cytoscape),
    preset ? Promise.resolve(null) : import(el.dataset.dagre),
    fetch(el.dataset.source, { headers: { accept: 'application/json' }, credentials: 'same-origin' }),
  ]);
  if (!response.ok) throw new Error(`the graph's data answered ${response.status}`);
  const graph = await response.json();
  const cytoscape = cytoscapeModule.default;
  if (dagreModule) cytoscape.use(dagreModule.default);
  const big = graph.nodes.length > BIG || graph.edges.length > 4 * BIG;
  const started = performance.now();
  const cy = cytoscape({
    container: el,
    elements: elementsOf(graph, el.dataset.centre),
    style: styleOf(big),
    layout: preset ? { name: 'preset', fit: false } : { name: 'dagre', rankDir: 'LR', nodeSep: 16, rankSep: 90, fit: true, padding: 20 },
    minZoom: 0.05,
    maxZoom: 3,
    boxSelectionEnabled: false,
    autoungrabify: big,
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    pixelRatio: big ? 1 : 'auto',
  });
  if (preset) readableView(cy, el);
  cy.on('tap', 'node', (event) => {
    window.location.assign(event.target.data('href'));
  });
  cy.one('render', () => {
    el.dataset.drawnMs = String(Math.round(performance.now() - started));
  });
  el.dataset.ready = 'true';
  say(`Drawn: ${graph.nodes.length} pacticipants, ${graph.edges.length} integrations. Scroll to zoom, drag to pan, select a pacticipant to open its page; the table below lists the same integrations.`);
  return cy;
}

if (container) {
  draw(container).catch((error) => {
    container.dataset.ready = 'error';
    say(`The graph could not be drawn (${error instanceof Error ? error.message : String(error)}); the table below lists the same integrations.`);
  });
}
