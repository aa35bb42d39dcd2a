/* The legal page: the variant matrix of a document kind, grouped by
   identical content with a thumbnail per group; a variant's pages; and
   the redline of two variants, built from the diff JSON (docs/review.md)
   with insertions and deletions marked. Values from the server only ever
   reach the page as text. */
'use strict';

(() => {
  const { el, clear, meta, errorMessage } = pliego;

  const kindSelect = document.getElementById('input-kind');
  const groupsBox = document.getElementById('groups');
  const variantsStatus = document.getElementById('variants-status');
  const compareForm = document.getElementById('compare-form');
  const selectA = document.getElementById('input-a');
  const selectB = document.getElementById('input-b');
  const compareStatus = document.getElementById('compare-status');
  const redline = document.getElementById('redline');
  const previewBox = document.getElementById('variant-preview');
  const previewHeading = document.getElementById('variant-preview-heading');
  const previewImage = document.getElementById('variant-image');
  const previewLabel = document.getElementById('variant-page-label');
  const previewPrevious = document.getElementById('variant-previous');
  const previewNext = document.getElementById('variant-next');

  const state = { meta: null, kind: '', variants: [], preview: null, page: 1, sequence: 0 };

  const statusWords = {
    added: 'added',
    removed: 'removed',
    moved: 'moved',
    'language-changed': 'language changed',
    changed: 'changed',
    'version-changed': 'version changed',
    same: 'the same',
  };

  function countryName(code) {
    const country = (state.meta.countries || []).find((c) => c.code === code);
    return country ? country.name : String(code);
  }

  function describe(variant) {
    return countryName(variant.country) + ', ' + variant.channel + ', ' + variant.lang;
  }

  /* One shape for the members of a group, whether the server sends the
     contract's {"members": [...]} or variants.json's ids with a separate
     "variants" list. */
  function member(entry, kind) {
    const lang = entry.lang || entry.language || '';
    const channel = entry.channel || 'direct';
    return {
      id: entry.id || entry.country + '-' + channel + '-' + lang,
      country: entry.country,
      channel,
      lang,
      spec: entry.spec || 'country=' + entry.country + ',channel=' + channel + ',lang=' + lang + ',doc=' + kind,
      status: entry.status || 'ok',
      error: entry.error || null,
    };
  }

  function groupsOf(data, kind) {
    const byId = new Map((data.variants || []).map((v) => [v.id, v]));
    return (data.groups || []).map((group) => {
      const entries = group.members || (group.variants || []).map((id) => byId.get(id) || { id });
      return {
        id: group.id !== undefined ? group.id : group.group,
        caption: group.caption || '',
        differs: group.differs || group.difference || '',
        members: entries.map((entry) => member(entry, kind)),
      };
    });
  }

  function thumbUrl(spec, page) {
    return '/api/thumb?spec=' + encodeURIComponent(spec) + '&page=' + page;
  }

  /* Thumbnails are asked for two at a time, in page order: each is a
     render, and a whole matrix at once would wait in the server's queue
     past its deadline. */
  const thumbnails = (() => {
    const waiting = [];
    let running = 0;
    let generation = 0;
    function next() {
      while (running < 2 && waiting.length > 0) {
        const [image, url, born] = waiting.shift();
        if (born !== generation) continue;
        running += 1;
        const done = () => {
          running -= 1;
          next();
        };
        image.addEventListener('load', done, { once: true });
        image.addEventListener('error', () => {
          image.replaceWith(el('p', { class: 'thumb thumb-missing' }, 'No thumbnail: the server was busy. Reload to try again.'));
          done();
        }, { once: true });
        image.src = url;
      }
    }
    return {
      add(image, url) {
        waiting.push([image, url, generation]);
        next();
      },
      reset() {
        generation += 1;
        waiting.length = 0;
      },
    };
  })();

  function renderGroups(groups) {
    thumbnails.reset();
    clear(groupsBox);
    for (const group of groups) {
      const headingId = 'group-' + group.id + '-heading';
      const count = group.members.length === 1 ? 'one variant' : group.members.length + ' variants';
      const first = group.members.find((m) => m.status === 'ok');
      const list = el('ul', { class: 'members' });
      for (const variant of group.members) {
        const name = describe(variant);
        const item = el('li', {}, el('span', { class: 'member-name' }, name));
        if (variant.status === 'ok') {
          const previewButton = el('button', { type: 'button', 'aria-label': 'Preview ' + name }, 'Preview');
          previewButton.addEventListener('click', () => openPreview(variant));
          const asA = el('button', { type: 'button', 'aria-label': 'Compare ' + name + ' as A' }, 'As A');
          asA.addEventListener('click', () => { selectA.value = variant.spec; selectA.focus(); });
          const asB = el('button', { type: 'button', 'aria-label': 'Compare ' + name + ' as B' }, 'As B');
          asB.addEventListener('click', () => { selectB.value = variant.spec; selectB.focus(); });
          item.append(el('span', { class: 'member-actions' }, previewButton, asA, asB));
        } else {
          item.append(el('span', { class: 'member-error' }, variant.error || 'This variant could not be made.'));
        }
        list.append(item);
      }
      const figure = first
        ? el('img', { class: 'thumb', alt: 'First page of ' + describe(first), width: 96, height: 136 })
        : null;
      if (figure) thumbnails.add(figure, thumbUrl(first.spec, 1));
      groupsBox.append(el('article', { class: 'group', 'aria-labelledby': headingId },
        el('h3', { id: headingId }, 'Group ' + group.id + ' · ' + count),
        group.caption ? el('p', { class: 'caption' }, group.caption) : null,
        group.differs ? el('p', { class: 'differs' }, group.differs) : null,
        el('div', { class: 'group-body' }, figure, list)));
    }
  }

  function fillChoices(groups) {
    for (const select of [selectA, selectB]) {
      clear(select);
      for (const group of groups) {
        const optgroup = el('optgroup', { label: 'Group ' + group.id });
        for (const variant of group.members) {
          if (variant.status !== 'ok') continue;
          optgroup.append(el('option', { value: variant.spec }, describe(variant)));
        }
        select.append(optgroup);
      }
    }
    const ok = groups.map((g) => g.members.find((m) => m.status === 'ok')).filter(Boolean);
    if (ok.length > 0) selectA.value = ok[0].spec;
    if (ok.length > 1) selectB.value = ok[1].spec;
  }

  async function loadVariants() {
    const kind = kindSelect.value;
    state.kind = kind;
    clear(groupsBox);
    clear(redline);
    compareStatus.textContent = '';
    variantsStatus.textContent = 'Loading the variants of the ' + kind.replace(/-/g, ' ') + '; the first time, every variant is rendered, which takes a while…';
    let response;
    try {
      response = await fetch('/api/variants?doc=' + encodeURIComponent(kind));
    } catch (failure) {
      variantsStatus.textContent = 'The variants cannot be loaded: the server cannot be reached.';
      return;
    }
    if (state.kind !== kind) return;
    if (!response.ok) {
      variantsStatus.textContent = 'The variants cannot be loaded: ' + await errorMessage(response);
      return;
    }
    const groups = groupsOf(await response.json(), kind);
    if (state.kind !== kind) return;
    state.variants = groups.flatMap((g) => g.members);
    renderGroups(groups);
    fillChoices(groups);
    const total = state.variants.length;
    variantsStatus.textContent = total + (total === 1 ? ' variant' : ' variants') + ' in '
      + groups.length + (groups.length === 1 ? ' group' : ' groups') + ' of identical content.';
  }

  /* Shows page state.page of the variant being previewed. */
  async function showVariantPage() {
    const variant = state.preview;
    const sequence = ++state.sequence;
    previewLabel.textContent = 'Loading page ' + state.page + '…';
    let response;
    try {
      response = await fetch(thumbUrl(variant.spec, state.page));
    } catch (failure) {
      previewLabel.textContent = 'The page cannot be loaded: the server cannot be reached.';
      return;
    }
    if (sequence !== state.sequence) return;
    if (!response.ok) {
      previewLabel.textContent = 'The page cannot be loaded: ' + await errorMessage(response);
      return;
    }
    const pages = parseInt(response.headers.get('X-Pliego-Pages'), 10) || 0;
    let bitmap;
    try {
      bitmap = await createImageBitmap(await response.blob());
    } catch (failure) {
      previewLabel.textContent = 'The page cannot be shown: the server did not send an image.';
      return;
    }
    if (sequence !== state.sequence) {
      bitmap.close();
      return;
    }
    /* The image is drawn, not linked: the server makes it once per request. */
    previewImage.width = bitmap.width;
    previewImage.height = bitmap.height;
    previewImage.getContext('2d').drawImage(bitmap, 0, 0);
    bitmap.close();
    previewImage.hidden = false;
    previewImage.setAttribute('aria-label', 'Page ' + state.page + ' of ' + describe(variant));
    previewLabel.textContent = pages > 0 ? 'Page ' + state.page + ' of ' + pages : 'Page ' + state.page;
    previewPrevious.disabled = state.page <= 1;
    previewNext.disabled = pages > 0 && state.page >= pages;
  }

  function openPreview(variant) {
    state.preview = variant;
    state.page = 1;
    previewHeading.textContent = describe(variant);
    previewImage.hidden = true;
    previewBox.hidden = false;
    previewHeading.focus();
    showVariantPage();
  }

  function words(runs, langA, langB) {
    const paragraph = el('p', { class: 'words' });
    for (const run of runs) {
      const text = String(run.text);
      /* a run's leading space separates it from the word before: it stays
         outside the mark, so only words are underlined or struck */
      const space = /^\s/.test(text) ? ' ' : '';
      const words = text.slice(space.length);
      if (run.op === 'insert') {
        paragraph.append(space, el('span', { class: 'visually-hidden' }, '[inserted: '),
          el('ins', { lang: langB || false }, words), el('span', { class: 'visually-hidden' }, ']'));
      } else if (run.op === 'delete') {
        paragraph.append(space, el('span', { class: 'visually-hidden' }, '[deleted: '),
          el('del', { lang: langA || false }, words), el('span', { class: 'visually-hidden' }, ']'));
      } else {
        paragraph.append(text);
      }
    }
    return paragraph;
  }

  function side(clauseSide) {
    if (!clauseSide) return 'absent';
    return 'version ' + clauseSide.version + ' in ' + clauseSide.lang + (clauseSide.fallback ? ' (fallback)' : '');
  }

  function renderDiff(diff, query) {
    clear(redline);
    const a = diff.a || {};
    const b = diff.b || {};
    redline.append(el('h3', {}, 'A: ' + (a.name || '') + ' · B: ' + (b.name || '')));
    const counts = Object.entries(diff.summary || {})
      .filter(([name, count]) => count > 0 && name !== 'facts')
      .map(([name, count]) => count + ' ' + (statusWords[name] || name));
    const clauses = (diff.clauses || []).length;
    const facts = (diff.summary && diff.summary.facts) || 0;
    let summary = diff.same ? 'The two variants are the same.'
      : 'Of ' + clauses + (clauses === 1 ? ' clause: ' : ' clauses: ') + counts.join(', ') + '.';
    if (facts > 0) summary += ' ' + (facts === 1 ? 'One fact differs.' : facts + ' facts differ.');
    redline.append(el('p', { class: 'summary' }, summary));
    redline.append(el('p', {}, el('a', { href: '/api/redline.pdf?' + query, download: 'redline.pdf' }, 'Download the redline PDF')));

    if ((diff.facts || []).length > 0) {
      const body = el('tbody');
      for (const fact of diff.facts) {
        body.append(el('tr', {}, el('th', { scope: 'row' }, String(fact.name)),
          el('td', {}, fact.a === null ? '—' : String(fact.a)),
          el('td', {}, fact.b === null ? '—' : String(fact.b))));
      }
      redline.append(el('table', { class: 'facts' }, el('caption', {}, 'Facts that differ'),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Fact'), el('th', { scope: 'col' }, 'A'), el('th', { scope: 'col' }, 'B'))),
        body));
    }

    for (const clause of diff.clauses || []) {
      if (clause.status === 'same') continue;
      const title = (clause.b && clause.b.title) || (clause.a && clause.a.title) || '';
      const article = el('article', { class: 'clause clause-' + clause.status },
        el('h4', {}, String(clause.id) + (title ? ' · ' + title : '')),
        el('p', { class: 'clause-status' }, 'Status: ' + (statusWords[clause.status] || clause.status)
          + (clause.content && clause.content !== 'same' && clause.content !== 'text' ? ' (' + clause.content + ' only)' : '')
          + '. A: ' + side(clause.a) + '; B: ' + side(clause.b) + '.'));
      if (Array.isArray(clause.words)) {
        article.append(words(clause.words, clause.a && clause.a.lang, clause.b && clause.b.lang));
      }
      redline.append(article);
    }
  }

  async function compare(event) {
    event.preventDefault();
    if (!selectA.value || !selectB.value) {
      compareStatus.textContent = 'Choose two variants.';
      return;
    }
    const pairs = new URLSearchParams({ a: selectA.value, b: selectB.value });
    /* catalog=, once per side, A's first: "a" this server's catalogue,
       "b" the one it compares with */
    if (!document.getElementById('catalog-choice-a').hidden) {
      for (const name of ['a', 'b']) pairs.append('catalog', document.getElementById('input-catalog-' + name).value);
    }
    const query = pairs.toString();
    compareStatus.textContent = 'Comparing…';
    clear(redline);
    let response;
    try {
      response = await fetch('/api/diff?' + query);
    } catch (failure) {
      compareStatus.textContent = 'The comparison failed: the server cannot be reached.';
      return;
    }
    if (!response.ok) {
      compareStatus.textContent = 'The comparison failed: ' + await errorMessage(response);
      return;
    }
    const diff = await response.json();
    renderDiff(diff, query);
    compareStatus.textContent = diff.same ? 'The two variants are the same.' : 'The redline is below.';
    redline.focus();
  }

  async function start() {
    try {
      state.meta = await meta();
    } catch (failure) {
      variantsStatus.textContent = 'The page cannot be loaded: ' + failure.message;
      return;
    }
    for (const kind of state.meta.kinds) {
      kindSelect.append(el('option', { value: kind }, kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, ' ')));
    }
    /* /legal?doc=KIND opens that kind's matrix. */
    const asked = new URLSearchParams(window.location.search).get('doc');
    if (asked && state.meta.kinds.includes(asked)) kindSelect.value = asked;
    /* A server started with a second catalogue (--compare-catalog) names
       both in /api/meta's "catalogs"; each side may then take either. */
    const catalogs = Array.isArray(state.meta.catalogs) ? state.meta.catalogs : [];
    if (catalogs.length === 2) {
      for (const name of ['a', 'b']) {
        const select = document.getElementById('input-catalog-' + name);
        select.append(el('option', { value: 'a' }, String(catalogs[0]) + ' (served)'),
          el('option', { value: 'b' }, String(catalogs[1]) + ' (compared)'));
        select.value = 'a';
        document.getElementById('catalog-choice-' + name).hidden = false;
      }
    }
    kindSelect.addEventListener('change', () => {
      const address = new URL(window.location.href);
      address.searchParams.set('doc', kindSelect.value);
      window.history.replaceState(null, '', address);
      loadVariants();
    });
    compareForm.addEventListener('submit', compare);
    previewPrevious.addEventListener('click', () => {
      if (state.page > 1) { state.page -= 1; showVariantPage(); }
    });
    previewNext.addEventListener('click', () => { state.page += 1; showVariantPage(); });
    document.getElementById('variant-close').addEventListener('click', () => {
      previewBox.hidden = true;
      state.preview = null;
    });
    document.body.dataset.ready = 'true';
    await loadVariants();
  }

  start();
})();
