// seqgen page: asks POST /api/write for strokes and draws them as a pen would.
"use strict";
const $ = (id) => document.getElementById(id);
const LINE_HEIGHT = 60, MARGIN = 24, GAP = 0.4, PEN_POINTS_PER_S = 500;
let result = null;    // the last answer: {lines: [{text, strokes}]}
let layout = null;    // the lines placed on the page
let anim = null;      // the running animation
let mine = null;      // the style: {text, strokes} or {text, svg}
let padStrokes = [], padStart = 0;

function status(el, msg, error) { el.textContent = msg; el.classList.toggle("error", !!error); }

// --- the page of lines: as `seqgen write` lays it out (median ink height = LINE_HEIGHT) ---
function layoutMake(lines, maxWidth) {
  const boxes = lines.map((l) => {
    const pts = l.strokes.flat();
    if (!pts.length) return null;
    const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
    return {x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys)};
  });
  const hs = boxes.filter((b) => b).map((b) => b.y1 - b.y0).sort((a, b) => a - b);
  const median = hs.length ? hs[Math.floor(hs.length / 2)] || 1 : 1;
  let scale = LINE_HEIGHT / median;
  const widest = Math.max(1, ...boxes.filter((b) => b).map((b) => b.x1 - b.x0));
  scale = Math.min(scale, (maxWidth - 2 * MARGIN) / widest);
  let y = MARGIN, width = 0;
  const placed = lines.map((l, i) => {
    const b = boxes[i];
    if (!b) { y += LINE_HEIGHT * (1 + GAP); return {strokes: []}; }
    const h = (b.y1 - b.y0) * scale;
    const strokes = l.strokes.map((s) => s.map((p) => [MARGIN + (p[0] - b.x0) * scale, y + (p[1] - b.y0) * scale]));
    width = Math.max(width, 2 * MARGIN + (b.x1 - b.x0) * scale);
    y += Math.max(h, LINE_HEIGHT) + LINE_HEIGHT * GAP;
    return {strokes};
  });
  return {lines: placed, width: Math.ceil(width), height: Math.ceil(y - LINE_HEIGHT * GAP + MARGIN)};
}

function ink() { return {color: $("color").value, width: parseFloat($("width").value) || 2}; }

function canvasPrepare(c, w, h) {
  const ratio = window.devicePixelRatio || 1;
  c.width = Math.round(w * ratio);
  c.height = Math.round(h * ratio);
  const ctx = c.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  return ctx;
}

function penSet(ctx) {
  const k = ink();
  ctx.strokeStyle = k.color; ctx.fillStyle = k.color;
  ctx.lineWidth = k.width; ctx.lineCap = "round"; ctx.lineJoin = "round";
}

// Segment j of a stroke (from point j-1 to j); a one-point stroke is a dot.
function segmentDraw(ctx, s, j) {
  if (s.length === 1) { ctx.beginPath(); ctx.arc(s[0][0], s[0][1], ctx.lineWidth / 2, 0, 2 * Math.PI); ctx.fill(); return; }
  if (j === 0) return;
  ctx.beginPath(); ctx.moveTo(s[j - 1][0], s[j - 1][1]); ctx.lineTo(s[j][0], s[j][1]); ctx.stroke();
}

// Every point in pen order: [line, stroke, point].
function* penOrder(lay) {
  for (const l of lay.lines) for (const s of l.strokes) for (let j = 0; j < s.length; ++j) yield [s, j];
}

function drawAll(ctx, lay) { penSet(ctx); for (const [s, j] of penOrder(lay)) segmentDraw(ctx, s, j); }

function animate(lay) {
  if (anim) cancelAnimationFrame(anim.frame);
  const c = $("page");
  c.style.width = "100%";
  const ctx = canvasPrepare(c, lay.width, lay.height);
  penSet(ctx);
  const it = penOrder(lay);
  let drawn = 0, t0 = null, total = 0;
  for (const l of lay.lines) for (const s of l.strokes) total += s.length;
  $("page").dataset.points = String(total);
  $("page").dataset.drawn = "0";
  $("skip").disabled = false;
  const step = (t) => {
    if (t0 === null) t0 = t;
    const want = Math.min(total, Math.floor((t - t0) / 1000 * PEN_POINTS_PER_S));
    for (; drawn < want; ++drawn) { const n = it.next().value; segmentDraw(ctx, n[0], n[1]); }
    $("page").dataset.drawn = String(drawn);
    if (drawn < total) anim.frame = requestAnimationFrame(step);
    else animEnd();
  };
  anim = {frame: requestAnimationFrame(step), finish() { for (let n; !(n = it.next()).done; ++drawn) segmentDraw(ctx, n.value[0], n.value[1]); $("page").dataset.drawn = String(drawn); animEnd(); }};
}

function animEnd() {
  if (anim) cancelAnimationFrame(anim.frame);
  anim = null;
  $("skip").disabled = true;
  $("page").dataset.done = "1";
}

// --- downloads, drawn from the same layout ---
function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function svgOf(lay) {
  const k = ink(), f = (v) => v.toFixed(1);
  let paths = "";
  for (const l of lay.lines) for (const s of l.strokes) {
    const d = s.length === 1 ? `M${f(s[0][0])} ${f(s[0][1])}h0.1` : "M" + s.map((p) => `${f(p[0])} ${f(p[1])}`).join("L");
    paths += `<path d="${d}"/>\n`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lay.width}" height="${lay.height}" viewBox="0 0 ${lay.width} ${lay.height}">\n` +
    `<rect width="100%" height="100%" fill="#fff"/>\n<g fill="none" stroke="${k.color}" stroke-width="${k.width}" stroke-linecap="round" stroke-linejoin="round">\n${paths}</g>\n</svg>\n`;
}

$("dl-svg").onclick = () => download("handwriting.svg", new Blob([svgOf(layout)], {type: "image/svg+xml"}));
$("dl-json").onclick = () => download("handwriting.json", new Blob([JSON.stringify(result)], {type: "application/json"}));
$("dl-png").onclick = () => {
  const c = document.createElement("canvas");
  const ctx = canvasPrepare(c, layout.width, layout.height);
  drawAll(ctx, layout);
  c.toBlob((b) => download("handwriting.png", b), "image/png");
};
$("skip").onclick = () => { if (anim) anim.finish(); };
$("bias").oninput = () => { $("bias-out").value = Number($("bias").value).toFixed(2); };

// --- writing ---
function styleOfForm() {
  const v = $("style").value;
  if (v === "none") return "none";
  if (v !== "mine") return parseInt(v, 10);
  const text = $("pad-text").value.trim();
  if (mine && mine.svg) return {text: text || mine.text || "", svg: mine.svg};
  if (padStrokes.length) return {text, strokes: padStrokes};
  if (mine) return {text: text || mine.text || "", strokes: mine.strokes};
  throw new Error("draw your handwriting in the box under “Your own hand” (or upload a file) first");
}

async function write(ev) {
  ev.preventDefault();
  const st = $("status");
  let body;
  try {
    body = {lines: $("text").value.split("\n").map((l) => l.replace(/\s+$/, "")),
            bias: Number($("bias").value), seed: Math.max(0, parseInt($("seed").value, 10) || 0),
            style: styleOfForm(), format: "json"};
    if (typeof body.style === "object" && !body.style.text)
      throw new Error("type what your handwriting says in “What you wrote”");
  } catch (e) { status(st, e.message, true); return; }
  while (body.lines.length && !body.lines[body.lines.length - 1]) body.lines.pop();
  $("write").disabled = true;
  status(st, "Writing…");
  const t0 = performance.now();
  try {
    const r = await fetch("api/write", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
    const j = await r.json();
    if (!r.ok) throw new Error(j.error || `HTTP ${r.status}`);
    result = j;
    layout = layoutMake(j.lines, Math.max(320, Math.min(1600, $("page").parentElement.clientWidth * 2)));
    animate(layout);
    for (const b of ["dl-svg", "dl-png", "dl-json"]) $(b).disabled = false;
    const notes = (j.folded ? ` Wrote ${j.folded.join(", ")}.` : "") + (j.unfinished ? " Some lines did not reach their end." : "");
    status(st, `Written in ${Math.round(performance.now() - t0)} ms.${notes}`);
  } catch (e) {
    status(st, e.message, true);
  } finally {
    $("write").disabled = false;
  }
}
$("form").addEventListener("submit", write);

fetch("api/styles").then((r) => r.json()).then((j) => {
  const sel = $("style"), first = sel.firstChild;
  for (const s of j.styles) {
    const o = document.createElement("option");
    o.value = String(s.id);
    o.textContent = `Style ${s.id}: “${s.text.length > 30 ? s.text.slice(0, 30) + "…" : s.text}”`;
    sel.insertBefore(o, first);
  }
  if (j.styles.length) sel.value = "0";
}).catch(() => status($("status"), "could not read the built-in styles", true));

// --- your own hand: pointer events on the pad, points with their times ---
const pad = $("pad");
let padCtx = null, drawing = null;
function padReset() {
  const r = pad.getBoundingClientRect();
  padCtx = canvasPrepare(pad, r.width, r.height);
  padCtx.clearRect(0, 0, r.width, r.height);
  padCtx.strokeStyle = "#111"; padCtx.lineWidth = 2; padCtx.lineCap = "round"; padCtx.lineJoin = "round";
  padStrokes = [];
}
function padPoint(e) {
  const r = pad.getBoundingClientRect();
  return [Math.round((e.clientX - r.left) * 10) / 10, Math.round((e.clientY - r.top) * 10) / 10, Math.round(e.timeStamp - padStart)];
}
pad.addEventListener("pointerdown", (e) => {
  if (!padCtx) padReset();
  if (!padStrokes.length) padStart = e.timeStamp;
  pad.setPointerCapture(e.pointerId);
  drawing = [padPoint(e)];
  padStrokes.push(drawing);
  mine = null;
  $("style").value = "mine";
  e.preventDefault();
});
pad.addEventListener("pointermove", (e) => {
  if (!drawing) return;
  const p = padPoint(e), q = drawing[drawing.length - 1];
  if (p[0] === q[0] && p[1] === q[1]) return;
  drawing.push(p);
  padCtx.beginPath(); padCtx.moveTo(q[0], q[1]); padCtx.lineTo(p[0], p[1]); padCtx.stroke();
});
const penUp = () => {
  if (!drawing) return;
  drawing = null;
  const n = padStrokes.reduce((a, s) => a + s.length, 0);
  status($("pad-status"), `${padStrokes.length} strokes, ${n} points drawn.`);
};
pad.addEventListener("pointerup", penUp);
pad.addEventListener("pointercancel", penUp);
$("pad-clear").onclick = () => { padReset(); status($("pad-status"), "Cleared."); };

$("upload").onchange = async () => {
  const f = $("upload").files[0];
  if (!f) return;
  const text = await f.text();
  padReset();
  if (/\.svg$/i.test(f.name) || text.trimStart().startsWith("<")) {
    const title = new DOMParser().parseFromString(text, "image/svg+xml").querySelector("title");
    mine = {svg: text, text: title ? title.textContent : ""};
  } else {
    try {
      const j = JSON.parse(text);
      if (!Array.isArray(j.strokes)) throw new Error("no \"strokes\" array");
      mine = {strokes: j.strokes, text: typeof j.text === "string" ? j.text : ""};
    } catch (e) { status($("pad-status"), `${f.name}: not a strokes file (${e.message})`, true); mine = null; return; }
  }
  if (mine.text && !$("pad-text").value) $("pad-text").value = mine.text;
  $("style").value = "mine";
  status($("pad-status"), `${f.name} loaded${mine.text ? "" : "; type what it says"}.`);
};
