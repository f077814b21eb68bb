extension WebAsset {
    /// The pages' script: live rows by server-sent events (`/ui/events`), actions without a
    /// reload, the filter and the counts by state, ticking uptimes, and a live tail
    /// (`/ui/follow`). Rows arrive as HTML the daemon escaped; everything else the script
    /// shows it sets as text. Without it the pages still work, by reloads.
    static let script = WebAsset(
        path: "/ui/bosun.js", contentType: "text/javascript; charset=utf-8",
        text: #"""
            'use strict';
            (() => {
              const $ = (selector) => document.querySelector(selector);
              const live = $('#live');
              const fragment = (html) => {
                const template = document.createElement('template');
                template.innerHTML = html;
                return template.content;
              };
              // Change serials wrap from 2^31-1 to 0; a is as new as b unless it is behind. They
              // compare only within one supervisor: a table from the stream replaces everything.
              const atLeast = (a, b) => ((Number(a) - Number(b)) & 0x7fffffff) < 0x40000000;

              function statusPage() {
                const form = $('#table'), rows = $('#rows'), msg = $('#msg'), filter = $('#filter'), counts = $('#counts');
                const offset = Number(document.body.dataset.now) - Date.now() / 1000;
                let byKey = new Map(), onlyState = '';

                const index = () => { byKey = new Map([...rows.children].map((row) => [row.dataset.key, row])); };
                const say = (text, failed) => {
                  msg.hidden = !text;
                  msg.textContent = text;
                  msg.classList.toggle('error', Boolean(failed));
                };
                // A row replaces the one of its key unless that one is newer (an action's answer
                // and an event may arrive in either order).
                const put = (row) => {
                  const old = byKey.get(row.dataset.key);
                  if (old && atLeast(row.dataset.v, old.dataset.v)) {
                    old.replaceWith(row);
                    byKey.set(row.dataset.key, row);
                  }
                };

                const refilter = () => {
                  const text = filter.value.trim().toLowerCase();
                  const shownGroups = new Set();
                  for (const row of rows.children) {
                    if (!row.dataset.name) continue;
                    row.hidden = !row.dataset.name.toLowerCase().includes(text) || (onlyState && row.dataset.state !== onlyState);
                    if (!row.hidden && row.dataset.group !== undefined) shownGroups.add(row.dataset.group);
                  }
                  for (const row of rows.querySelectorAll('tr.group')) row.hidden = !shownGroups.has(row.dataset.group);
                };
                const recount = () => {
                  const tally = new Map();
                  for (const row of rows.querySelectorAll('tr[data-state]')) tally.set(row.dataset.state, (tally.get(row.dataset.state) || 0) + 1);
                  if (onlyState && !tally.has(onlyState)) onlyState = '';
                  counts.replaceChildren(...[...tally].map(([state, count]) => {
                    const chip = document.createElement('button');
                    chip.type = 'button';
                    chip.textContent = `${count} ${state}`;
                    chip.setAttribute('aria-pressed', String(state === onlyState));
                    chip.addEventListener('click', () => { onlyState = onlyState === state ? '' : state; recount(); });
                    return chip;
                  }));
                  refilter();
                };
                const pad = (n) => String(n).padStart(2, '0');
                const timedelta = (seconds) => {
                  let s = Math.max(0, Math.floor(seconds));
                  const days = Math.floor(s / 86400);
                  s %= 86400;
                  const clock = `${Math.floor(s / 3600)}:${pad(Math.floor(s % 3600 / 60))}:${pad(s % 60)}`;
                  return days ? `${days} day${days === 1 ? '' : 's'}, ${clock}` : clock;
                };
                const tick = () => {
                  const now = Date.now() / 1000 + offset;
                  for (const up of rows.querySelectorAll('.up')) {
                    up.textContent = `pid ${up.dataset.pid}, uptime ${timedelta(now - Number(up.dataset.start))}`;
                  }
                };

                form.addEventListener('submit', async (event) => {
                  const button = event.submitter;
                  if (!button || button.name !== 'do') return;
                  event.preventDefault();
                  if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
                  const body = new URLSearchParams(new FormData(form, button));
                  body.set('reply', 'fragment');
                  button.disabled = true;
                  say(`${button.textContent}…`);
                  try {
                    const answer = await fetch('index.html', { method: 'POST', body, credentials: 'same-origin' });
                    const content = fragment(await answer.text());
                    const message = content.querySelector('output');
                    say(message ? message.textContent : `${answer.status} ${answer.statusText}`, !answer.ok || (message && message.dataset.failed));
                    // Rows of another supervisor (it restarted meanwhile) are not compared: the stream's table is.
                    if (message && message.dataset.epoch === rows.dataset.epoch) {
                      for (const row of content.querySelectorAll('tr')) put(row);
                    }
                    recount();
                    tick();
                  } catch (error) {
                    say(`The daemon did not answer: ${error.message}`, true);
                  } finally {
                    button.disabled = false;
                  }
                });

                filter.hidden = false;
                filter.addEventListener('input', refilter);
                index();
                recount();
                setInterval(tick, 1000);

                // The browser reconnects by itself after a dropped stream, but not after an
                // answer that is not a stream (503: too many pages); then this tries again.
                const listen = () => {
                  const events = new EventSource(`ui/events?since=${rows.dataset.serial}`);
                  events.addEventListener('open', () => { live.textContent = 'live'; });
                  events.addEventListener('error', () => {
                    live.textContent = 'reconnecting…';
                    if (events.readyState === EventSource.CLOSED) setTimeout(listen, 5000);
                  });
                  events.addEventListener('rows', (event) => {
                    for (const row of fragment(event.data).querySelectorAll('tr')) put(row);
                    rows.dataset.serial = event.lastEventId;
                    recount();
                    tick();
                  });
                  events.addEventListener('table', (event) => {
                    rows.replaceChildren(fragment(event.data));
                    rows.dataset.serial = event.lastEventId;
                    index();
                    recount();
                    tick();
                  });
                  events.addEventListener('epoch', (event) => { rows.dataset.epoch = event.data; });
                  events.addEventListener('mood', (event) => { $('#mood').textContent = event.data; });
                };
                rows.dataset.serial = document.body.dataset.serial;
                rows.dataset.epoch = document.body.dataset.epoch;
                listen();
              }

              function tailPage() {
                const pre = $('#tail');
                if (!pre.dataset.follow) return;
                const limit = 1 << 20, follow = new URL(pre.dataset.follow, document.baseURI);
                const atEnd = () => window.innerHeight + window.scrollY >= document.body.scrollHeight - 8;
                const append = (text) => {
                  if (!text) return;
                  const stay = atEnd();
                  pre.append(text);
                  if (pre.textContent.length > limit) pre.textContent = pre.textContent.slice(-limit / 2);
                  if (stay) window.scrollTo(0, document.body.scrollHeight);
                };
                // The daemon ends the answer when the log is rotated or truncated; the page then
                // asks again from the byte it counted to, in the file it was reading, and the
                // daemon says where it starts (the new file's end, when the file changed).
                const next = async () => {
                  try {
                    const answer = await fetch(follow, { credentials: 'same-origin' });
                    if (!answer.ok) throw new Error(`${answer.status} ${answer.statusText}`);
                    live.textContent = 'following';
                    const start = answer.headers.get('X-Log-Start');
                    if (start !== follow.searchParams.get('offset')) append(`\n==> continued at byte ${start} <==\n`);
                    follow.searchParams.set('file', answer.headers.get('X-Log-File'));
                    let offset = Number(start);
                    const reader = answer.body.getReader(), decoder = new TextDecoder();
                    for (;;) {
                      const { value, done } = await reader.read();
                      if (done) break;
                      offset += value.length;
                      follow.searchParams.set('offset', String(offset));
                      append(decoder.decode(value, { stream: true }));
                    }
                    append(decoder.decode());
                    setTimeout(next, 200);
                  } catch (error) {
                    live.textContent = `reconnecting… (${error.message})`;
                    setTimeout(next, 2000);
                  }
                };
                window.scrollTo(0, document.body.scrollHeight);
                next();
              }

              if ($('#rows')) statusPage();
              if ($('#tail')) tailPage();
            })();
            """#)
}
