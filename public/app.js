// Progressive enhancement only: every page works without this file.
'use strict';
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  const question = form.getAttribute('data-confirm');
  if (question && !window.confirm(question)) event.preventDefault();
});

// Role Resources tree: checking a node checks its descendants; checking a child checks its ancestors;
// unchecking a node unchecks its descendants.
document.addEventListener('change', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || !box.closest('.resource-tree') || box.type !== 'checkbox') return;
  const item = box.closest('li');
  if (!item) return;
  item.querySelectorAll('ul input[type=checkbox]').forEach((child) => {
    child.checked = box.checked;
  });
  if (box.checked) {
    let parent = item.parentElement ? item.parentElement.closest('li') : null;
    while (parent) {
      const parentBox = parent.querySelector(':scope > label > input[type=checkbox], :scope > input[type=checkbox]');
      if (parentBox) parentBox.checked = true;
      parent = parent.parentElement ? parent.parentElement.closest('li') : null;
    }
  }
});

// Resource Access All/Custom: show the tree only for Custom.
function syncResourceAccess() {
  const select = document.getElementById('all');
  const tree = document.querySelector('.resource-tree');
  if (select && tree) tree.hidden = select.value === '1';
}
document.addEventListener('change', (event) => {
  if (event.target instanceof HTMLSelectElement && event.target.id === 'all') syncResourceAccess();
});
document.addEventListener('DOMContentLoaded', syncResourceAccess);

// "Use Default Value" checkboxes disable the field next to them.
function syncInherit(box) {
  const target = document.getElementById(box.getAttribute('data-inherit-for'));
  if (target) target.disabled = box.checked;
}
document.addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.hasAttribute('data-inherit-for')) syncInherit(event.target);
});
document.addEventListener('DOMContentLoaded', () => document.querySelectorAll('[data-inherit-for]').forEach(syncInherit));

// Selects marked data-autosubmit-change submit their form when changed (the form also has a button).
document.addEventListener('change', (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.hasAttribute('data-autosubmit-change') && el.form) el.form.submit();
});

// Forms marked data-autosubmit submit themselves once (they also show a button for browsers without JavaScript).
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('form[data-autosubmit]').forEach((form) => {
    if (form instanceof HTMLFormElement) form.submit();
  });
});

// Links with data-dialog open the named <dialog> instead of navigating (the link target is the no-JS fallback).
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('[data-dialog]') : null;
  if (link) {
    const dialog = document.getElementById(link.getAttribute('data-dialog'));
    if (dialog instanceof HTMLDialogElement) {
      event.preventDefault();
      dialog.showModal();
    }
    return;
  }
  const closer = event.target instanceof Element ? event.target.closest('[data-role=close-dialog]') : null;
  const dialog = closer ? closer.closest('dialog') : null;
  if (dialog instanceof HTMLDialogElement) {
    event.preventDefault();
    dialog.close();
  }
});

// Dialogs: a link with data-open-dialog opens the <dialog> instead of navigating (the link's page is the
// no-JavaScript fallback); buttons with data-close-dialog close it. A dialog form that opens a new tab
// closes its dialog on submit.
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const opener = target ? target.closest('[data-open-dialog]') : null;
  if (opener) {
    const dialog = document.getElementById(opener.getAttribute('data-open-dialog'));
    if (dialog instanceof HTMLDialogElement) {
      event.preventDefault();
      dialog.showModal();
    }
    return;
  }
  const closer = target ? target.closest('[data-close-dialog]') : null;
  if (closer) {
    const dialog = closer.closest('dialog');
    if (dialog instanceof HTMLDialogElement) dialog.close();
  }
});
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form instanceof HTMLFormElement && form.hasAttribute('data-lac-start') && !event.defaultPrevented) {
    const dialog = form.closest('dialog');
    if (dialog instanceof HTMLDialogElement) setTimeout(() => dialog.close(), 0);
  }
});

// Checkout, Shipping step: the totals block follows the checked shipping method at once. The server renders it
// (GET data-live-totals, the same computation as the pages), so it is equally right without this script, where
// "Update totals" and "Next" show it. While a request is out, a newer change wins.
let totalsRequest = 0;
async function refreshTotals(form) {
  const url = form.getAttribute('data-live-totals');
  const summary = form.querySelector('.opc-block-summary');
  const method = form.querySelector('input[name=shipping_method]:checked');
  if (!url || !summary || !(method instanceof HTMLInputElement)) return;
  const mine = ++totalsRequest;
  summary.setAttribute('aria-busy', 'true');
  try {
    const res = await fetch(`${url}?shipping_method=${encodeURIComponent(method.value)}`, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!res.ok || mine !== totalsRequest) return;
    const html = await res.text();
    const next = new DOMParser().parseFromString(html, 'text/html').querySelector('.opc-block-summary');
    if (next) summary.replaceWith(document.adoptNode(next));
  } catch {
    // Offline or refused: the block stays as it was; "Next" shows the totals from the server.
  } finally {
    summary.removeAttribute('aria-busy');
  }
}
document.addEventListener('change', (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.form || !input.form.hasAttribute('data-live-totals')) return;
  if (input.name === 'shipping_method' || input.name === 'address_id') refreshTotals(input.form);
});
// With the script, totals follow each change, so the no-script "Update totals" button is not needed.
document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('form[data-live-totals] [data-role=update-totals]').forEach((b) => {
    b.hidden = true;
  });
});

// "You are signed out": on to the page it names after the seconds it says (the page links there too).
document.addEventListener('DOMContentLoaded', () => {
  const box = document.querySelector('[data-redirect-after]');
  if (!box) return;
  const seconds = Number(box.getAttribute('data-redirect-after'));
  const target = box.getAttribute('data-redirect-to') || '/';
  // Only a path of this site (one leading slash), whatever the markup says.
  if (/^\/(?!\/)/.test(target) && seconds > 0) setTimeout(() => window.location.assign(target), seconds * 1000);
});

// Passkeys (WebAuthn). The server sends the options as JSON (binary values as base64url); these convert them for
// navigator.credentials and the answer back, by hand. Without JavaScript the password does the same job.
function fromBase64url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}
function toBase64url(buffer) {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
const withIds = (list) => (list || []).map((c) => Object.assign({}, c, { id: fromBase64url(c.id) }));
async function passkeyOptions(url, form) {
  const key = form.querySelector('input[name=form_key]');
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ form_key: key ? key.value : '' }),
  });
  if (!response.ok) throw new Error('options refused');
  return response.json();
}
function credentialJson(credential) {
  const r = credential.response;
  const response = { clientDataJSON: toBase64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toBase64url(r.attestationObject);
    response.transports = typeof r.getTransports === 'function' ? r.getTransports() : [];
  } else {
    response.authenticatorData = toBase64url(r.authenticatorData);
    response.signature = toBase64url(r.signature);
    if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
  }
  return JSON.stringify({
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment || undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
    response,
  });
}
const showPasskeyError = (box) => {
  if (box) box.hidden = false;
};

// Account Setting > Passkeys > Add passkey: register a passkey with this browser, then send the form.
document.addEventListener('submit', async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-passkey-register')) return;
  const answer = form.querySelector('input[name=response]');
  if (!answer || answer.value || !window.PublicKeyCredential) return;
  event.preventDefault();
  try {
    const options = await passkeyOptions(form.getAttribute('data-passkey-register'), form);
    options.challenge = fromBase64url(options.challenge);
    options.user = Object.assign({}, options.user, { id: fromBase64url(options.user.id) });
    options.excludeCredentials = withIds(options.excludeCredentials);
    const credential = await navigator.credentials.create({ publicKey: options });
    answer.value = credentialJson(credential);
    form.submit();
  } catch {
    showPasskeyError(form.querySelector('.passkey-error'));
  }
});

// Step-up before Login as Customer: "Use passkey" answers the challenge instead of the password, then sends the form.
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-passkey-step-up]') : null;
  const form = button ? button.closest('form') : null;
  if (!button || !form || !window.PublicKeyCredential) return;
  event.preventDefault();
  const box = form.querySelector('.lac-passkey-error');
  try {
    const options = await passkeyOptions(button.getAttribute('data-passkey-step-up'), form);
    options.challenge = fromBase64url(options.challenge);
    options.allowCredentials = withIds(options.allowCredentials);
    const credential = await navigator.credentials.get({ publicKey: options });
    form.querySelector('input[name=passkey_response]').value = credentialJson(credential);
    const password = form.querySelector('input[name=password]');
    if (password) password.required = false;
    if (typeof form.requestSubmit === 'function') form.requestSubmit();
    else form.submit();
  } catch {
    showPasskeyError(box);
  }
});

// "Store staff are helping you now": shown and hidden live from the server's event stream, or by polling its small
// JSON answer where EventSource is missing or keeps failing. Without this file the notice is as the page rendered it.
document.addEventListener('DOMContentLoaded', () => {
  const notice = document.querySelector('[data-role=lac-notice]');
  if (!(notice instanceof HTMLElement)) return;
  const show = (state) => {
    if (state && typeof state.live === 'boolean') notice.hidden = !state.live;
  };
  const statusSrc = notice.getAttribute('data-status-src');
  const liveSrc = notice.getAttribute('data-live-src');
  let polling = false;
  const poll = () => {
    if (polling || !statusSrc) return;
    polling = true;
    const once = () =>
      fetch(statusSrc, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then((r) => (r.ok ? r.json() : null))
        .then(show)
        .catch(() => undefined);
    once();
    setInterval(once, 10000);
  };
  if (!liveSrc || typeof window.EventSource !== 'function') return poll();
  const source = new EventSource(liveSrc);
  let failures = 0;
  source.addEventListener('assistance', (event) => {
    failures = 0;
    try {
      show(JSON.parse(event.data));
    } catch {
      // A malformed event changes nothing.
    }
  });
  source.addEventListener('error', () => {
    // EventSource connects again by itself (also after the stream's lifetime); poll if it keeps failing.
    failures += 1;
    if (failures >= 3 || source.readyState === EventSource.CLOSED) {
      source.close();
      poll();
    }
  });
});
