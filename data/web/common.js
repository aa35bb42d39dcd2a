/* Shared by the pages of `pliego serve`: building elements without markup
   strings (every value goes in as text, never as HTML), the catalogue's
   metadata with the CSRF token, and the server's errors in plain words. */
'use strict';

const pliego = (() => {
  /* el('p', {class: 'x'}, 'text', child) makes an element; attributes are
     set with setAttribute and children that are strings become text nodes,
     so data from the server or the user is never parsed as HTML. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) continue;
      node.setAttribute(name, value === true ? '' : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.firstChild.remove();
  }

  let metaPromise = null;

  /* GET /api/meta once per page: kinds, channels, countries, fields, csrf. */
  function meta() {
    if (!metaPromise) {
      metaPromise = fetch('/api/meta', { headers: { Accept: 'application/json' } })
        .then(async (response) => {
          if (!response.ok) throw new Error(await errorMessage(response));
          return response.json();
        });
    }
    return metaPromise;
  }

  /* The plain-words message of an error response ({"error": "..."}), or
     one made from the status when the body is not that. */
  async function errorMessage(response) {
    let text = '';
    try {
      const body = await response.json();
      if (body && typeof body.error === 'string') text = body.error;
    } catch (ignored) {
      text = '';
    }
    if (text) return text;
    if (response.status === 503) return 'The server is busy. Try again in a moment.';
    if (response.status === 504) return 'The server took too long to answer. Try again.';
    if (response.status === 403) return 'The page is out of date. Reload it and try again.';
    return 'The server answered with an error (' + response.status + ').';
  }

  /* POST the pairs as application/x-www-form-urlencoded with the CSRF
     token from /api/meta. */
  async function post(path, pairs, signal) {
    const info = await meta();
    const body = new URLSearchParams(pairs);
    body.set('csrf', info.csrf);
    return fetch(path, {
      method: 'POST',
      body,
      signal,
      headers: { 'X-CSRF-Token': info.csrf },
    });
  }

  /* The name of a file from a Content-Disposition header, else fallback. */
  function attachmentName(response, fallback) {
    const header = response.headers.get('Content-Disposition') || '';
    const match = /filename="([^"]+)"/.exec(header);
    return match ? match[1] : fallback;
  }

  /* Hands the blob to the browser as a download named name. */
  function saveBlob(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = el('a', { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  /* Runs fn at most once per wait milliseconds of quiet. */
  function debounce(fn, wait) {
    let timer = null;
    return (...args) => {
      clearTimeout(timer);
      timer = setTimeout(() => fn(...args), wait);
    };
  }

  return { el, clear, meta, errorMessage, post, attachmentName, saveBlob, debounce };
})();
