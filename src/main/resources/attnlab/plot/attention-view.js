// attnlab's attention view (AttentionView.java wraps this in a function taking DATA, and inlines it with the data).
// DATA: id, title, tokens[n] (the first n of total), layers, heads, causal, colors[heads] ("#rrggbb"),
// layer and head shown first (head -1: all heads), weights: base64 bytes round(255 w), for each layer, head and
// query i the keys j = 0..i (causal) or 0..n-1.
var D = DATA;
var root = document.getElementById(D.id);
var n = D.tokens.length, H = D.heads, ROW = 20, CW = 220;
var raw = atob(D.weights), W = new Uint8Array(raw.length);
for (var k = 0; k < raw.length; k++) W[k] = raw.charCodeAt(k);
var per = D.causal ? n * (n + 1) / 2 : n * n;
var state = { layer: D.layer, head: D.head, focus: null };
var wait = root.querySelector('.av-wait'); // the text shown where scripts do not run (an untrusted notebook)
if (wait) root.removeChild(wait);

function weight(l, h, i, j) {
  if (D.causal) return j > i ? 0 : W[(l * H + h) * per + i * (i + 1) / 2 + j] / 255;
  return W[(l * H + h) * per + i * n + j] / 255;
}

// How a token reads on screen: spaces kept, newline ↵, tab ⇥, CR ␍, other controls as \uXXXX, spaces-only as ␣.
function shown(t) {
  var s = t.replace(/\n/g, '\u21b5').replace(/\t/g, '\u21e5').replace(/\r/g, '\u240d');
  if (/^ +$/.test(s)) s = s.replace(/ /g, '\u2423');
  return s.replace(/[\u0000-\u001f\u007f]/g, function (c) {
    return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4);
  });
}

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function rgb(hex) {
  var v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function rgba(c, a) { return 'rgba(' + c[0] + ',' + c[1] + ',' + c[2] + ',' + a.toFixed(3) + ')'; }

function headsShown() {
  if (state.head >= 0) return [state.head];
  var all = [];
  for (var h = 0; h < H; h++) all.push(h);
  return all;
}

// ---- the page: controls, legend, two token columns around the canvas, the info line
var bar = el('div', 'av-bar');
if (D.title) bar.appendChild(el('b', null, D.title));
var layerLabel = el('label', null, 'Layer '), layerSel = el('select', 'av-layer');
for (var l = 0; l < D.layers; l++) {
  var o = el('option', null, String(l)); o.value = String(l); layerSel.appendChild(o);
}
layerLabel.appendChild(layerSel);
var headLabel = el('label', null, 'Head '), headSel = el('select', 'av-head');
var all = el('option', null, 'all heads'); all.value = '-1'; headSel.appendChild(all);
for (var h = 0; h < H; h++) {
  var oh = el('option', null, String(h)); oh.value = String(h); headSel.appendChild(oh);
}
headLabel.appendChild(headSel);
bar.appendChild(layerLabel);
bar.appendChild(headLabel);
var legend = el('span', 'av-legend');
for (var hh = 0; hh < H; hh++) {
  var item = el('span', null), sw = el('i');
  sw.style.background = D.colors[hh];
  item.appendChild(sw);
  item.appendChild(document.createTextNode(String(hh)));
  item.title = 'head ' + hh;
  item.setAttribute('data-head', String(hh));
  item.addEventListener('click', function (e) { setHead(+e.currentTarget.getAttribute('data-head')); });
  legend.appendChild(item);
}
bar.appendChild(legend);
if (D.total > n) bar.appendChild(el('span', 'av-note', 'first ' + n + ' of ' + D.total + ' tokens'));
root.appendChild(bar);

var main = el('div', 'av-main'), left = el('div', 'av-col av-left'), right = el('div', 'av-col av-right');
var canvas = el('canvas');
var dpr = window.devicePixelRatio || 1;
canvas.width = Math.round(CW * dpr);
canvas.height = Math.round(n * ROW * dpr);
canvas.style.width = CW + 'px';
canvas.style.height = n * ROW + 'px';
var ctx = canvas.getContext('2d');
ctx.scale(dpr, dpr);
var leftToks = [], rightToks = [];
for (var t = 0; t < n; t++) {
  var a = el('div', 'av-tok', shown(D.tokens[t])), b = el('div', 'av-tok', shown(D.tokens[t]));
  a.title = b.title = t + ': ' + JSON.stringify(D.tokens[t]);
  a.setAttribute('data-i', String(t));
  b.setAttribute('data-i', String(t));
  a.addEventListener('mouseenter', function (e) { focus('q', +e.currentTarget.getAttribute('data-i')); });
  b.addEventListener('mouseenter', function (e) { focus('k', +e.currentTarget.getAttribute('data-i')); });
  left.appendChild(a);
  right.appendChild(b);
  leftToks.push(a);
  rightToks.push(b);
}
main.appendChild(left);
main.appendChild(canvas);
main.appendChild(right);
main.addEventListener('mouseleave', function () { focus(null, 0); });
root.appendChild(main);
var info = el('div', 'av-info');
root.appendChild(info);

layerSel.value = String(state.layer);
headSel.value = String(state.head);
layerSel.addEventListener('change', function () { state.layer = +layerSel.value; draw(); });
headSel.addEventListener('change', function () { state.head = +headSel.value; draw(); });

function setHead(h) {
  state.head = h;
  headSel.value = String(h);
  draw();
}

function focus(side, i) {
  state.focus = side ? { side: side, i: i } : null;
  draw();
}

// ---- drawing: lines query i (left) → key j (right), opacity = weight, one colour per head
function draw() {
  var heads = headsShown(), f = state.focus, L = state.layer;
  ctx.clearRect(0, 0, CW, n * ROW);
  ctx.lineWidth = f ? 3 : 2;
  for (var x = 0; x < heads.length; x++) {
    var h = heads[x], c = rgb(D.colors[h]);
    for (var i = 0; i < n; i++) {
      if (f && f.side === 'q' && i !== f.i) continue;
      var jEnd = D.causal ? i : n - 1;
      for (var j = 0; j <= jEnd; j++) {
        if (f && f.side === 'k' && j !== f.i) continue;
        var w = weight(L, h, i, j);
        if (w < 0.01) continue;
        ctx.strokeStyle = rgba(c, w);
        ctx.beginPath();
        ctx.moveTo(0, i * ROW + ROW / 2);
        ctx.lineTo(CW, j * ROW + ROW / 2);
        ctx.stroke();
      }
    }
  }
  shade(heads, f, L);
}

// The other column's tokens shaded by the weight (with all heads: the strongest head's colour), and the top three.
function shade(heads, f, L) {
  for (var t = 0; t < n; t++) {
    leftToks[t].style.background = rightToks[t].style.background = '';
    leftToks[t].classList.remove('av-focus');
    rightToks[t].classList.remove('av-focus');
  }
  if (!f) {
    info.textContent = 'Layer ' + L + ', ' + (state.head < 0 ? 'all heads' : 'head ' + state.head)
      + '. Hover a token on the left to see what it attends to, on the right to see what attends to it.';
    return;
  }
  var mine = f.side === 'q' ? leftToks : rightToks, other = f.side === 'q' ? rightToks : leftToks;
  mine[f.i].classList.add('av-focus');
  var mean = [];
  for (var t2 = 0; t2 < n; t2++) {
    var best = 0, bestHead = heads[0], sum = 0;
    for (var x = 0; x < heads.length; x++) {
      var w = f.side === 'q' ? weight(L, heads[x], f.i, t2) : weight(L, heads[x], t2, f.i);
      sum += w;
      if (w > best) { best = w; bestHead = heads[x]; }
    }
    mean.push({ t: t2, w: sum / heads.length });
    if (best > 0) other[t2].style.background = rgba(rgb(D.colors[bestHead]), best);
  }
  mean.sort(function (p, q) { return q.w - p.w || p.t - q.t; });
  var top = [];
  for (var r = 0; r < Math.min(3, mean.length); r++)
    if (mean[r].w > 0) top.push(JSON.stringify(D.tokens[mean[r].t]) + ' ' + mean[r].w.toFixed(2));
  info.textContent = JSON.stringify(D.tokens[f.i]) + (f.side === 'q' ? ' (query ' : ' (key ') + f.i + ') '
    + (f.side === 'q' ? 'attends to ' : 'is attended to by ')
    + (heads.length > 1 ? '(mean of ' + heads.length + ' heads) ' : '') + top.join(', ');
}

draw();
root.setAttribute('data-ready', 'true');
