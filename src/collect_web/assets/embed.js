/* Nazar survey embed (src/collect_web/embed.h): a pop-up or an inline <iframe>. */
(function (c) {
  'use strict';
  var d = document, key = 'nazar-closed:' + c.url, opened = false;
  function frame() {
    var f = d.createElement('iframe');
    f.src = c.url;
    f.title = c.title;
    f.style.cssText = 'border:0;display:block;width:100%;height:min(' + c.height + 'px,85vh)';
    return f;
  }
  function closer(onClose) {
    var b = d.createElement('button');
    b.type = 'button';
    b.textContent = '\u00d7';
    b.setAttribute('aria-label', c.close);
    b.style.cssText = 'position:absolute;top:6px;' + (c.dir === 'rtl' ? 'left' : 'right') +
      ':6px;width:36px;height:36px;border:0;border-radius:18px;background:#fff;color:#222;' +
      'font:24px/36px sans-serif;cursor:pointer;box-shadow:0 1px 4px rgba(0,0,0,.3)';
    b.addEventListener('click', onClose);
    return b;
  }
  function inline() {
    var host = d.getElementById(c.target);
    if (!host) return;
    var box = d.createElement('div');
    box.style.position = 'relative';
    box.appendChild(frame());
    box.appendChild(closer(function () { box.parentNode.removeChild(box); }));
    host.appendChild(box);
  }
  function popup() {
    if (opened) return;
    opened = true;
    try { if (c.once && localStorage.getItem(key)) return; } catch (e) {}
    var last = d.activeElement, overlay = d.createElement('div'), box = d.createElement('div');
    overlay.style.cssText = 'position:fixed;top:0;right:0;bottom:0;left:0;z-index:2147483000;' +
      'background:rgba(0,0,0,.45);display:flex;align-items:center;justify-content:center;padding:12px';
    box.setAttribute('role', 'dialog');
    box.setAttribute('aria-modal', 'true');
    box.setAttribute('aria-label', c.title);
    box.style.cssText = 'position:relative;width:100%;max-width:' + c.width + 'px;background:#fff;' +
      'border-radius:12px;overflow:hidden;box-shadow:0 8px 32px rgba(0,0,0,.3)';
    function close() {
      if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
      d.removeEventListener('keydown', onKey);
      try { if (c.once) localStorage.setItem(key, '1'); } catch (e) {}
      if (last && last.focus) last.focus();
    }
    function onKey(e) { if (e.key === 'Escape') close(); }
    var button = closer(close);
    box.appendChild(frame());
    box.appendChild(button);
    overlay.appendChild(box);
    overlay.addEventListener('click', function (e) { if (e.target === overlay) close(); });
    d.addEventListener('keydown', onKey);
    d.body.appendChild(overlay);
    button.focus();
  }
  function start() {
    if (c.mode === 'inline') return inline();
    if (c.trigger === 'exit') {
      d.addEventListener('mouseout', function (e) {
        if (!e.relatedTarget && e.clientY <= 0) popup();
      });
    } else {
      setTimeout(popup, c.delay * 1000);
    }
  }
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', start); else start();
})
