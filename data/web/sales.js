/* The sales page: a customer record (picked from the server's list or
   typed), the document's kind, language and date; a live preview of the
   page images, the errors beside their fields, and the downloads. Every
   input is built from /api/meta, so the form follows the catalogue. */
'use strict';

(() => {
  const { el, clear, meta, errorMessage, post, attachmentName, saveBlob, debounce } = pliego;

  const form = document.getElementById('document-form');
  const previewStatus = document.getElementById('preview-status');
  const canvas = document.getElementById('preview');
  const sheet = document.getElementById('sheet');
  const pager = document.getElementById('pager');
  const pageLabel = document.getElementById('page-label');
  const previousPage = document.getElementById('previous-page');
  const nextPage = document.getElementById('next-page');
  const errorSummary = document.getElementById('error-summary');
  const downloadStatus = document.getElementById('download-status');
  const search = document.getElementById('customer-search');
  const searchStatus = document.getElementById('customer-search-status');
  const results = document.getElementById('customer-results');

  /* Where a field goes when /api/meta does not say ("group"): the order,
     the cancellation and the transfer have their own fieldsets; all else
     describes the customer. */
  const defaultGroups = {
    order: ['vendor_entity', 'products', 'order_number', 'start_date', 'term_months',
      'systems', 'licences', 'users', 'price', 'currency'],
    cancellation: ['notice_date', 'notice_reason', 'effective_date'],
    transfer: ['transfer_date', 'transferee_name', 'transferee_address',
      'transfer_products', 'original_purchaser', 'destination_country'],
  };

  const state = {
    meta: null,
    fields: new Map(),      /* canonical name -> {name, label, control, wrapper, error} */
    touched: new Set(),     /* canonical names the user has changed */
    showAll: false,         /* after a pick or a download: show every error */
    page: 1,
    pages: 0,
    sequence: 0,
    controller: null,
    retry: null,
  };

  /* customer_id and customer-id name the same field. */
  function canonical(name) {
    return String(name || '').trim().toLowerCase().replace(/-/g, '_');
  }

  function groupOf(field) {
    if (field.group) return String(field.group);
    const name = canonical(field.name);
    for (const [group, names] of Object.entries(defaultGroups)) {
      if (names.includes(name)) return group;
    }
    return 'customer';
  }

  function option(value, text) {
    return el('option', { value }, text);
  }

  const languageNames = typeof Intl.DisplayNames === 'function'
    ? new Intl.DisplayNames(['en'], { type: 'language' }) : null;

  /* "French (fr)": the tag as the catalogue writes it, with its English name. */
  function languageOption(tag) {
    let name = '';
    try {
      name = languageNames ? languageNames.of(tag) : '';
    } catch (ignored) {
      name = '';
    }
    return option(tag, name && name !== tag ? name + ' (' + tag + ')' : tag);
  }

  function sentence(text) {
    return text.charAt(0).toUpperCase() + text.slice(1).replace(/-/g, ' ');
  }

  function countryOptions(select, placeholder) {
    select.append(option('', placeholder));
    for (const country of state.meta.countries) {
      select.append(option(country.code, country.name + ' (' + country.code + ')'));
    }
  }

  /* The input that fits the field's type. */
  function controlFor(field, id) {
    const type = String(field.type || 'text');
    let control;
    if (Array.isArray(field.options) && field.options.length > 0) {
      control = el('select', { id });
      control.append(option('', 'Choose…'));
      for (const value of field.options) control.append(option(String(value), String(value)));
    } else if (type === 'country') {
      control = el('select', { id });
      countryOptions(control, 'Choose a country');
    } else if (type === 'language') {
      control = el('select', { id });
    } else if (type === 'channel') {
      control = el('select', { id });
      for (const channel of state.meta.channels) control.append(option(channel, sentence(channel)));
    } else if (type === 'reason') {
      /* the reasons README.md names; /api/meta's "options" win when given */
      control = el('select', { id });
      control.append(option('', 'Choose…'));
      for (const [reason, words] of [['non-payment', 'Non-payment'],
        ['abusive-conduct', 'Abusive conduct'], ['non-compliance', 'Non-compliance']]) {
        control.append(option(reason, words));
      }
    } else if (type === 'yesno' || type === 'yes-no' || type === 'boolean') {
      control = el('select', { id });
      control.append(option('', 'Choose…'), option('yes', 'yes'), option('no', 'no'));
    } else if (type === 'lines') {
      control = el('textarea', { id, rows: 3 });
    } else if (type === 'date') {
      control = el('input', { id, type: 'date' });
    } else if (type === 'email' || type === 'tel') {
      control = el('input', { id, type, autocomplete: 'off' });
    } else if (type === 'integer' || type === 'number') {
      control = el('input', { id, type: 'text', inputmode: 'numeric' });
    } else if (type === 'decimal' || type === 'money' || type === 'price') {
      control = el('input', { id, type: 'text', inputmode: 'decimal' });
    } else if (type === 'currency') {
      control = el('input', { id, type: 'text', maxlength: 3, autocapitalize: 'characters', spellcheck: 'false' });
    } else {
      control = el('input', { id, type: 'text', spellcheck: 'false' });
    }
    control.name = field.name;
    return control;
  }

  function addField(field) {
    const name = canonical(field.name);
    const id = 'input-' + name;
    const group = groupOf(field);
    const labelText = field.label || field.name;
    /* the reseller's name is asked only where it is needed */
    const optional = !field.required && (group === 'customer' || group === 'order') && name !== 'reseller';
    const label = el('label', { for: id }, labelText,
      optional ? el('span', { class: 'optional' }, ' (optional)') : null);
    const control = controlFor(field, id);
    /* a field of lines says so, unless its label already does */
    const hintText = field.type === 'lines' && !/per line/i.test(labelText)
      ? 'One line per line.' : null;
    const hint = hintText ? el('p', { class: 'hint', id: 'hint-' + name }, hintText) : null;
    const error = el('p', { class: 'field-error', id: 'error-' + name });
    control.setAttribute('aria-describedby', (hint ? hint.id + ' ' : '') + error.id);
    if (field.required) control.setAttribute('aria-required', 'true');
    const narrow = ['date', 'number', 'integer', 'decimal', 'money', 'price', 'currency', 'country',
      'language', 'channel', 'reason', 'yesno', 'yes-no', 'boolean', 'tel'].includes(String(field.type));
    const wrapper = el('div', { class: narrow ? 'field' : 'field wide', id: 'field-' + name },
      label, hint, control, error);
    const fieldset = document.getElementById('group-' + group) || document.getElementById('group-customer');
    fieldset.append(wrapper);
    state.fields.set(name, { name: field.name, label: labelText, control, wrapper, error });
  }

  /* The document's own inputs take errors too ("on", "lang", "doc"). */
  function addDocumentFields() {
    for (const [name, label] of [['doc', 'Kind'], ['lang', 'Language'], ['on', 'Date of the document']]) {
      state.fields.set(name, {
        name,
        label,
        control: document.getElementById('input-' + name),
        wrapper: document.getElementById('field-' + name),
        error: document.getElementById('error-' + name),
      });
    }
  }

  function field(name) {
    return state.fields.get(canonical(name)) || null;
  }

  function value(name) {
    const entry = field(name);
    return entry ? entry.control.value : '';
  }

  function isShown(entry) {
    return !entry.wrapper.hidden && !entry.wrapper.closest('fieldset').hidden;
  }

  /* Every language some country offers: a document may be asked for in
     any language the catalogue has, not only the country's. */
  function catalogueLanguages() {
    const all = new Set();
    for (const country of state.meta.countries) for (const language of country.languages) all.add(language);
    return [...all].sort();
  }

  /* The customer's language field offers the chosen country's languages;
     the document's language offers those first, then the others. */
  function updateLanguages() {
    const country = state.meta.countries.find((c) => c.code === value('country'));
    const offered = country ? country.languages : [];
    const customerLanguage = field('language');
    if (customerLanguage) {
      const select = customerLanguage.control;
      const keep = select.value;
      clear(select);
      select.append(option('', country ? 'The country\'s first language' : 'Choose a country first'));
      for (const language of offered) select.append(languageOption(language));
      select.value = offered.includes(keep) ? keep : '';
    }
    const select = document.getElementById('input-lang');
    const keep = select.value;
    clear(select);
    select.append(option('', 'The customer\'s language'));
    const others = catalogueLanguages().filter((l) => !offered.includes(l));
    if (offered.length > 0) {
      const group = el('optgroup', { label: 'Offered in ' + country.name });
      for (const language of offered) group.append(languageOption(language));
      select.append(group);
    }
    const group = el('optgroup', { label: offered.length > 0 ? 'Other languages' : 'Languages' });
    for (const language of others) group.append(languageOption(language));
    select.append(group);
    select.value = keep;
    if (select.value !== keep) select.value = '';
  }

  function updateVisibility() {
    const reseller = field('reseller');
    if (reseller) reseller.wrapper.hidden = value('channel') !== 'reseller';
    const kind = document.getElementById('input-doc').value;
    for (const fieldset of form.querySelectorAll('fieldset[data-kind]')) {
      fieldset.hidden = fieldset.dataset.kind !== kind;
    }
  }

  /* The form as name/value pairs: fields that are shown and not empty. */
  function collect() {
    const pairs = [];
    for (const entry of state.fields.values()) {
      if (!isShown(entry)) continue;
      const text = entry.control.value;
      if (text.trim() !== '') pairs.push([entry.name, text]);
    }
    return pairs;
  }

  function clearErrors() {
    for (const entry of state.fields.values()) {
      entry.error.textContent = '';
      entry.control.removeAttribute('aria-invalid');
    }
    errorSummary.hidden = true;
    errorSummary.textContent = '';
  }

  /* Puts each error beside its field. Errors of fields the user has not
     reached yet are only counted, so an empty form is not a wall of red.
     Returns the number of errors. */
  function showErrors(errors) {
    clearErrors();
    const general = [];
    const shown = [];
    let waiting = 0;
    for (const error of errors) {
      const entry = error.field ? field(error.field) : null;
      if (!entry || !isShown(entry)) {
        general.push(String(error.message));
      } else if (state.showAll || state.touched.has(canonical(entry.name))) {
        if (entry.error.textContent) entry.error.append(' ');
        entry.error.append(String(error.message));
        entry.control.setAttribute('aria-invalid', 'true');
        if (!shown.includes(entry)) shown.push(entry);
      } else {
        waiting += 1;
      }
    }
    if (shown.length > 0 || general.length > 0) {
      const parts = [];
      if (shown.length > 0) {
        parts.push((shown.length === 1 ? 'One field needs' : shown.length + ' fields need')
          + ' a correction: ' + shown.map((e) => e.label).join(', ') + '.');
      }
      parts.push(...general);
      errorSummary.textContent = parts.join(' ');
      errorSummary.hidden = false;
    }
    return { shown: shown.length + general.length, waiting };
  }

  /* body[data-preview] says where the preview is (pending, shown,
     invalid, failed), for scripts driving the page. */
  function previewState(name) {
    document.body.dataset.preview = name;
  }

  function hidePreview(message, why) {
    previewState(why || 'invalid');
    canvas.hidden = true;
    sheet.hidden = true;
    canvas.setAttribute('aria-label', 'No preview');
    pager.hidden = true;
    state.pages = 0;
    previewStatus.textContent = message;
  }

  function showPage(bitmap, pages) {
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('2d').drawImage(bitmap, 0, 0);
    bitmap.close();
    state.pages = pages;
    const kind = document.getElementById('input-doc');
    const kindName = kind.options[kind.selectedIndex] ? kind.options[kind.selectedIndex].text : 'document';
    const where = 'Page ' + state.page + ' of ' + pages;
    canvas.setAttribute('aria-label', where + ' of the ' + kindName.toLowerCase());
    canvas.hidden = false;
    sheet.hidden = false;
    pager.hidden = pages < 2;
    pageLabel.textContent = where;
    previousPage.disabled = state.page <= 1;
    nextPage.disabled = state.page >= pages;
    previewStatus.textContent = 'Preview of page ' + state.page + ' of ' + pages + '.';
    previewState('shown');
  }

  /* The errors of an invalid record beside their fields, and no preview. */
  function showInvalid(errors) {
    const counted = showErrors(errors);
    hidePreview(counted.shown > 0
      ? 'No preview while the form has errors: correct the fields marked.'
      : 'No preview yet: ' + (counted.waiting === 1 ? 'one field still needs' : counted.waiting + ' fields still need') + ' a value.');
  }

  /* POST /api/check, then POST /api/preview for the current page. The
     check assembles the record without rendering it, so its errors show
     beside their fields at once and nothing is rendered while the record
     is invalid. A newer change cancels the requests in flight; an answer
     to an older request is dropped. */
  async function refresh() {
    clearTimeout(state.retry);
    const sequence = ++state.sequence;
    if (state.controller) state.controller.abort();
    const controller = new AbortController();
    state.controller = controller;
    previewState('pending');
    previewStatus.textContent = 'Updating the preview…';
    let response;
    let verdict = null;
    let bitmap = null;
    try {
      const fields = collect();
      response = await post('/api/check', fields, controller.signal);
      if (response.ok) verdict = await response.json();
      if (verdict && verdict.ok) {
        response = await post('/api/preview', [...fields, ['page', String(state.page)]], controller.signal);
        if (response.ok) bitmap = await createImageBitmap(await response.blob());
      }
    } catch (failure) {
      if (failure.name === 'AbortError') return;
      if (sequence === state.sequence) hidePreview('No preview: the server cannot be reached.', 'failed');
      return;
    }
    if (sequence !== state.sequence) {
      if (bitmap) bitmap.close();
      return;
    }
    if (verdict && !verdict.ok) {
      showInvalid(verdict.errors || []);
      return;
    }
    if (response.status === 422) {
      /* an error only the render finds */
      let errors = [];
      try {
        errors = (await response.json()).errors || [];
      } catch (ignored) {
        errors = [{ field: null, message: 'The record cannot be read.' }];
      }
      if (sequence !== state.sequence) return;
      showInvalid(errors);
      return;
    }
    if (response.status === 503) {
      const seconds = Math.min(Math.max(parseInt(response.headers.get('Retry-After'), 10) || 1, 1), 10);
      previewStatus.textContent = 'The server is busy; the preview will try again in ' + seconds + ' s.';
      state.retry = setTimeout(refresh, seconds * 1000);
      return;
    }
    if (!response.ok) {
      hidePreview('No preview: ' + await errorMessage(response), 'failed');
      return;
    }
    clearErrors();
    const pages = Math.max(parseInt(response.headers.get('X-Pliego-Pages'), 10) || 1, 1);
    if (state.page > pages) {
      bitmap.close();
      state.page = pages;
      refresh();
      return;
    }
    showPage(bitmap, pages);
  }

  const refreshSoon = debounce(refresh, 250);

  function changed(event) {
    const target = event.target;
    if (!target || !target.name) return;
    const name = canonical(target.name);
    state.touched.add(name);
    if (name === 'country') updateLanguages();
    if (name === 'country' || name === 'channel' || name === 'doc') updateVisibility();
    if (name === 'doc') state.page = 1;
    previewState('pending');
    refreshSoon();
  }

  async function download(path, what, extension) {
    state.showAll = true;
    downloadStatus.textContent = 'Preparing the ' + what + '…';
    let response;
    try {
      response = await post(path, collect());
    } catch (failure) {
      downloadStatus.textContent = 'The ' + what + ' was not made: the server cannot be reached.';
      return;
    }
    if (response.status === 422) {
      const errors = (await response.json()).errors || [];
      showErrors(errors);
      hidePreview('No preview while the form has errors: correct the fields marked.');
      downloadStatus.textContent = 'The ' + what + ' was not made: correct the fields marked.';
      const first = form.querySelector('[aria-invalid="true"]');
      if (first) first.focus();
      return;
    }
    if (!response.ok) {
      downloadStatus.textContent = 'The ' + what + ' was not made: ' + await errorMessage(response);
      return;
    }
    const name = attachmentName(response, 'document.' + extension);
    saveBlob(await response.blob(), name);
    downloadStatus.textContent = 'Downloaded ' + name + '.';
  }

  /* Fills the form with a record from /api/customers. */
  function pick(customer) {
    for (const entry of state.fields.values()) {
      if (['doc', 'lang', 'on'].includes(canonical(entry.name))) continue;
      entry.control.value = '';
    }
    const values = new Map(Object.entries(customer).map(([k, v]) => [canonical(k), String(v)]));
    const set = (name) => {
      const entry = field(name);
      if (entry && values.has(name)) entry.control.value = values.get(name);
    };
    set('country');
    updateLanguages();
    for (const name of values.keys()) set(name);
    updateVisibility();
    state.showAll = true;
    state.page = 1;
    clear(results);
    searchStatus.textContent = 'The form holds ' + (values.get('customer_id') || 'the customer') + ' now.';
    refresh();
  }

  async function findCustomers() {
    const query = search.value.trim();
    clear(results);
    if (query === '') {
      searchStatus.textContent = 'Or fill in the form below.';
      return;
    }
    let response;
    try {
      response = await fetch('/api/customers?q=' + encodeURIComponent(query));
    } catch (failure) {
      searchStatus.textContent = 'The server cannot be reached.';
      return;
    }
    if (search.value.trim() !== query) return;
    if (!response.ok) {
      searchStatus.textContent = response.status === 404
        ? 'This server has no customer list: fill in the form below.'
        : await errorMessage(response);
      return;
    }
    const customers = (await response.json()).customers || [];
    searchStatus.textContent = customers.length === 0 ? 'No customer matches.'
      : customers.length === 1 ? 'One customer matches.' : customers.length + ' customers match.';
    for (const customer of customers) {
      const get = (name) => {
        for (const [k, v] of Object.entries(customer)) if (canonical(k) === name) return String(v);
        return '';
      };
      const button = el('button', { type: 'button', class: 'customer' },
        el('span', { class: 'customer-id' }, get('customer_id')), ' ',
        el('span', { class: 'customer-name' }, get('legal_name')), ' ',
        el('span', { class: 'customer-country' }, get('country')));
      button.addEventListener('click', () => pick(customer));
      results.append(el('li', {}, button));
    }
  }

  function today() {
    return new Date().toISOString().slice(0, 10);
  }

  async function start() {
    const status = document.getElementById('load-status');
    try {
      state.meta = await meta();
    } catch (failure) {
      status.textContent = 'The form cannot be loaded: ' + failure.message;
      return;
    }
    const kind = document.getElementById('input-doc');
    for (const name of state.meta.kinds) {
      kind.append(option(name, sentence(name)));
    }
    document.getElementById('input-on').value = today();
    addDocumentFields();
    for (const entry of state.meta.fields) addField(entry);
    updateLanguages();
    updateVisibility();
    form.addEventListener('input', changed);
    form.addEventListener('change', changed);
    form.addEventListener('submit', (event) => event.preventDefault());
    previousPage.addEventListener('click', () => {
      if (state.page > 1) { state.page -= 1; refresh(); }
    });
    nextPage.addEventListener('click', () => {
      if (state.page < state.pages) { state.page += 1; refresh(); }
    });
    document.getElementById('download-pdf').addEventListener('click', () => download('/api/pdf', 'PDF', 'pdf'));
    document.getElementById('download-xml').addEventListener('click', () => download('/api/xml', 'document XML', 'xml'));
    search.addEventListener('input', debounce(findCustomers, 200));
    document.body.dataset.ready = 'true';
  }

  start();
})();
