/* Nazar respondent page: progressive enhancement of the plain form (src/collect_web/page.h).
   One question per screen with Back/Next and progress, display_if and skip rules evaluated
   as src/survey/answers.cc does, partial saves, then the ordinary form submit. Without this
   script the form works as it is. */
(function (root) {
  'use strict';

  // ---- Logic: mirrors survey::ConditionHolds, GroupHolds, WalkSurvey and KeepShown. ----
  function has(a, id) { return Object.prototype.hasOwnProperty.call(a, id); }
  function isNum(v) { return typeof v === 'number'; }
  function equals(v, lit) {
    if (isNum(lit)) return isNum(v) && v === lit;
    return typeof v === 'string' && v === lit;
  }
  function holds(c, a) {
    if (c.op === 'answered') return has(a, c.question);
    if (c.op === 'not_answered') return !has(a, c.question);
    if (!has(a, c.question)) return false;
    var v = a[c.question], x = c.value;
    switch (c.op) {
      case 'eq': return equals(v, x);
      case 'neq': return !equals(v, x);
      case 'in': return x.some(function (l) { return equals(v, l); });
      case 'not_in': return !x.some(function (l) { return equals(v, l); });
      case 'contains':
        if (typeof x !== 'string') return false;
        if (Array.isArray(v)) return v.indexOf(x) >= 0;
        return typeof v === 'string' && v.indexOf(x) >= 0;
      case 'lt': return isNum(v) && v < x;
      case 'lte': return isNum(v) && v <= x;
      case 'gt': return isNum(v) && v > x;
      case 'gte': return isNum(v) && v >= x;
    }
    return false;
  }
  function group(g, a) {
    var f = function (c) { return holds(c, a); };
    return g.any ? g.any.some(f) : g.all.every(f);
  }
  function walk(qs, a) {
    var shown = [];
    for (var i = 0; i < qs.length; i++) {
      var q = qs[i];
      if (q.display_if && !group(q.display_if, a)) continue;
      shown.push(q.id);
      if (!has(a, q.id)) continue;
      var rules = q.skip || [];
      for (var k = 0; k < rules.length; k++) {
        if (group(rules[k]['if'], a)) return { shown: shown, end: rules[k].to };
      }
    }
    return { shown: shown, end: null };
  }
  function keepShown(qs, a) {
    for (var round = 0; round <= qs.length; round++) {
      var w = walk(qs, a), kept = {}, n = 0, total = 0, id;
      for (var i = 0; i < w.shown.length; i++) {
        if (has(a, w.shown[i])) { kept[w.shown[i]] = a[w.shown[i]]; n++; }
      }
      for (id in a) if (has(a, id)) total++;
      if (n === total) return kept;
      a = kept;
    }
    return a;
  }
  var logic = { holds: holds, walk: walk, keepShown: keepShown };
  if (typeof module === 'object' && module.exports) { module.exports = logic; return; }

  // ---- The page. ----
  var d = root.document;
  var form = d.getElementById('nz-form');
  var logicEl = d.getElementById('nz-logic'), cfgEl = d.getElementById('nz-config');
  if (!form || !logicEl || !cfgEl || !d.querySelector || !Array.prototype.some) return;
  var qs = JSON.parse(logicEl.textContent), cfg = JSON.parse(cfgEl.textContent), ui = cfg.ui;
  var NUMERIC = { nps: 1, csat: 1, ces: 1, rating: 1, number: 1 };
  var box = {}, byId = {}, cur = null;
  qs.forEach(function (q) { byId[q.id] = q; box[q.id] = d.getElementById('q.' + q.id); });

  function digits(n) {
    var s = String(n);
    if (cfg.lang !== 'fa') return s;
    return s.replace(/[0-9]/g, function (c) { return String.fromCharCode(0x6f0 + (+c)); });
  }
  function fill(p, k, v) { return p.split('{' + k + '}').join(v); }
  function ascii(s) {
    return s.replace(/[\u06f0-\u06f9]/g, function (c) { return String(c.charCodeAt(0) - 0x6f0); })
      .replace(/[\u0660-\u0669]/g, function (c) { return String(c.charCodeAt(0) - 0x660); })
      .replace(/\u066b/g, '.').replace(/\u066c/g, '').replace(/\u2212/g, '-');
  }
  function inputs(id) { return box[id] ? box[id].querySelectorAll('input,select,textarea') : []; }

  // The answer to question q as survey::ParseAnswers takes it, or undefined.
  function value(q) {
    var els = inputs(q.id), i, out;
    if (q.type === 'multiple_choice') {
      out = [];
      for (i = 0; i < els.length; i++) if (els[i].checked) out.push(els[i].value);
      return out.length ? out : undefined;
    }
    if (q.type === 'matrix') {
      out = {};
      var n = 0, prefix = 'a.' + q.id + '.';
      for (i = 0; i < els.length; i++) {
        if (els[i].checked) { out[els[i].name.slice(prefix.length)] = +els[i].value; n++; }
      }
      return n ? out : undefined;
    }
    var s = '';
    for (i = 0; i < els.length; i++) {
      var e = els[i];
      if ((e.type === 'radio' || e.type === 'checkbox') ? e.checked : true) { s = e.value; break; }
    }
    s = s.replace(/\r\n/g, '\n').trim();
    if (!s) return undefined;
    if (NUMERIC[q.type]) {
      s = ascii(s);
      var x = Number(s);
      return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(s) && isFinite(x) ? x : undefined;
    }
    return s;
  }
  function answers() {
    var a = {};
    qs.forEach(function (q) { var v = value(q); if (v !== undefined) a[q.id] = v; });
    return keepShown(qs, a);
  }
  function hidden() {
    var h = {};
    for (var i = 0; i < form.elements.length; i++) {
      var e = form.elements[i];
      if (e.name && e.name.indexOf('h.') === 0) h[e.name.slice(2)] = e.value;
    }
    return h;
  }

  // ---- Screens. ----
  var nav = d.createElement('div'), back = d.createElement('button'), next = d.createElement('button');
  nav.className = 'nz-nav';
  back.type = next.type = 'button';
  back.className = 'nz-btn nz-sec';
  next.className = 'nz-btn';
  back.textContent = ui.back;
  nav.appendChild(back);
  nav.appendChild(next);
  var submitBox = form.querySelector('.nz-actions');
  form.insertBefore(nav, submitBox);
  if (submitBox) submitBox.hidden = true;
  var progress = d.getElementById('nz-progress');
  var intro = d.querySelector('.nz-intro');

  function setError(id, text) {
    var e = d.getElementById('q.' + id + '.err');
    if (e) e.textContent = text || '';
    box[id].classList.toggle('nz-invalid', !!text);
    var els = inputs(id);
    for (var i = 0; i < els.length; i++) {
      if (text) els[i].setAttribute('aria-invalid', 'true'); else els[i].removeAttribute('aria-invalid');
    }
  }
  function update() {
    var w = walk(qs, answers()), pos = w.shown.indexOf(cur);
    back.hidden = pos <= 0;
    next.textContent = pos >= w.shown.length - 1 ? ui.submit : ui.next;
    if (progress && cfg.progress) {
      var total = Math.max(w.shown.length, 1);
      progress.hidden = false;
      progress.querySelector('progress').max = total;
      progress.querySelector('progress').value = pos + 1;
      progress.querySelector('.nz-count').textContent =
        fill(fill(ui.progress, 'n', digits(pos + 1)), 'total', digits(total));
    }
  }
  function show(id, focus) {
    cur = id;
    qs.forEach(function (q) { box[q.id].hidden = q.id !== id; });
    if (intro) intro.hidden = walk(qs, answers()).shown.indexOf(id) > 0;
    update();
    if (focus) {
      box[id].setAttribute('tabindex', '-1');
      box[id].focus();
    }
  }
  // Checks the current question; shows and returns the problem, if any.
  function check(id) {
    var q = byId[id], a = answers(), text = '';
    if (q.required && !has(a, id)) text = ui.required;
    else if (q.max_selected && a[id] && a[id].length > q.max_selected) {
      text = fill(ui.too_many, 'n', digits(q.max_selected));
    } else {
      var els = inputs(id);
      for (var i = 0; i < els.length && !text; i++) {
        if (els[i].willValidate && !els[i].validity.valid && !els[i].validity.valueMissing) {
          text = els[i].validationMessage;
        }
      }
    }
    setError(id, text);
    if (text) {
      var first = inputs(id)[0];
      if (first) first.focus();
    }
    return !text;
  }
  function save(a) {
    if (!cfg.partial_url || !root.fetch) return;
    var body = { response_id: form.elements.response_id ? form.elements.response_id.value : '',
                 complete: false, language: cfg.lang, hidden: hidden(), answers: a };
    if (form.elements.website && form.elements.website.value) body.website = form.elements.website.value;
    try {
      root.fetch(cfg.partial_url, { method: 'POST', credentials: 'same-origin', keepalive: true,
        headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })['catch'](function () {});
    } catch (e) { /* saving is best effort: the final submit carries everything */ }
  }
  function finish() {
    var w = walk(qs, answers());
    // Questions that end up not shown are not sent (the server would drop them anyway).
    qs.forEach(function (q) {
      var off = w.shown.indexOf(q.id) < 0, els = inputs(q.id);
      for (var i = 0; i < els.length; i++) els[i].disabled = off;
    });
    next.disabled = back.disabled = true;
    form.submit();
  }
  function forward() {
    if (!check(cur)) return;
    var a = answers(), w = walk(qs, a), pos = w.shown.indexOf(cur);
    if (pos < 0 || pos >= w.shown.length - 1) return finish();
    save(a);
    show(w.shown[pos + 1], true);
  }
  function backward() {
    var w = walk(qs, answers()), pos = w.shown.indexOf(cur);
    if (pos > 0) show(w.shown[pos - 1], true);
  }

  next.addEventListener('click', forward);
  back.addEventListener('click', backward);
  // Enter in a one-line field means Next, not "submit everything".
  form.addEventListener('submit', function (e) { e.preventDefault(); forward(); });
  form.addEventListener('change', function () { if (cur) { setError(cur, ''); update(); } });
  form.addEventListener('input', update);
  // A text's limit said before it is reached: from 80% of it, "n of max characters left"
  // below the box (announced politely), instead of the typing silently stopping.
  Array.prototype.forEach.call(form.querySelectorAll('textarea[maxlength],input[type=text][maxlength]'), function (el) {
    var max = +el.getAttribute('maxlength'), out = d.createElement('small');
    out.className = 'nz-count';
    out.setAttribute('aria-live', 'polite');
    out.hidden = true;
    el.parentNode.insertBefore(out, el.nextSibling);
    var count = function () {
      var left = max - el.value.length;
      out.hidden = el.value.length < max * 0.8;
      out.textContent = fill(fill(ui.chars_left, 'n', digits(left)), 'max', digits(max));
    };
    el.addEventListener('input', count);
    count();
  });
  d.addEventListener('click', function (e) {
    var t = e.target && e.target.closest ? e.target.closest('a[href^="#q."]') : null;
    var id = t ? t.getAttribute('href').slice(3) : null;
    if (id && box[id]) { e.preventDefault(); show(id, true); }
  });

  // Start at the first question with a problem (the server showed the page again), else at
  // the first shown question.
  var start = walk(qs, answers()).shown, first = start[0];
  for (var i = 0; i < start.length; i++) {
    if (box[start[i]].classList.contains('nz-invalid')) { first = start[i]; break; }
  }
  if (first) show(first, false);
  d.documentElement.classList.add('nz-js');
})(this);
