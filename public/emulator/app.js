// The emulator page: be someone, chat with govdesk, press its buttons, watch cards change.
import { renderCard } from './card-render.js';

const $ = (id) => document.getElementById(id);
const state = { people: [], bot: { name: '政务助手' }, me: null, chats: [], chatId: null, messages: new Map() };

const api = async (path, body) => {
  const res = await fetch(`/emulator/api/${path}`, body ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {});
  const json = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(json.msg ?? `HTTP ${res.status}`);
  return json;
};

const nameOf = (openId) => (openId === 'bot' ? state.bot.name : openId === 'lark' ? '飞书 Lark' : state.people.find((p) => p.openId === openId)?.name);
/** The browser's IANA zone: Lark puts the person's zone into every card callback (action.timezone). */
const timezone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
/** The bot menu of the direct chat: event_key and label (src/handlers/chat-events.ts MENU_COMMANDS). */
const MENU = [['help', '帮助 help'], ['todo', '我的待办 todo'], ['new', '登记 new'], ['duty', '值班 duty'], ['report', '报表 report']];

function toast(t) {
  if (!t) return;
  const zh = t.i18n?.zh_cn ?? t.content ?? '';
  const en = t.i18n?.en_us && t.i18n.en_us !== zh ? ` ${t.i18n.en_us}` : '';
  const el = document.createElement('div');
  el.className = `toast ${t.type ?? 'info'}`;
  el.textContent = `${zh}${en}`;
  $('toasts').append(el);
  setTimeout(() => el.remove(), 4000);
}

function content(m) {
  try {
    return JSON.parse(m.content);
  } catch {
    return { text: m.content };
  }
}

const REFUSED = {
  answer: '飞书拒绝了卡片回调响应 Lark refused the callback answer',
  patch: '飞书拒绝了这张卡片 Lark refused this card',
  update: '飞书拒绝了这张卡片 Lark refused this card',
  send: '飞书拒绝了这张卡片 Lark refused this card',
  reply: '飞书拒绝了这张卡片 Lark refused this card',
};
const WHAT = { send: '发送 send', reply: '回复 reply', patch: '更新卡片 patch', update: '延时更新 delayed update', answer: '回调响应 callback answer' };

/** Lark refused something of the bot's: a red notice where the card would have been, the refused JSON folded. */
function renderRefusal(m) {
  const r = m.refusal;
  const el = document.createElement('div');
  el.className = 'refusal';
  el.dataset.messageId = m.messageId;
  el.dataset.code = String(r.code);
  const head = document.createElement('div');
  head.className = 'refusal-head';
  head.textContent = `${REFUSED[r.what] ?? REFUSED.send} — ${r.code}: ${r.errMsg}`;
  const info = document.createElement('div');
  info.className = 'refusal-info';
  info.textContent = [WHAT[r.what] ?? r.what, r.errPath ? `ErrPath: ${r.errPath}` : '', r.about ? `未改变 unchanged: ${r.about}` : '', `${new Date(m.createdAt).toLocaleTimeString('zh-CN')}`].filter(Boolean).join(' · ');
  const raw = document.createElement('details');
  raw.className = 'raw';
  raw.innerHTML = '<summary>被拒绝的 JSON · the refused JSON</summary>';
  const pre = document.createElement('pre');
  pre.textContent = `${r.msg}\n\n${JSON.stringify(content(m), null, 2)}`;
  raw.append(pre);
  el.append(head, info, raw);
  return el;
}

/** A menu item pressed: Lark shows nothing in the chat; the emulator notes it, with its event for developers. */
function renderMenuEvent(m) {
  const el = document.createElement('div');
  el.className = 'system-note';
  el.dataset.messageId = m.messageId;
  const key = content(m).event_key;
  const label = MENU.find(([k]) => k === key)?.[1] ?? key;
  el.textContent = `${nameOf(m.from) ?? m.from} 点击了菜单「${label}」 · pressed the menu item (application.bot.menu_v6, event_key ${key})`;
  if ($('show-raw').checked) {
    const pre = document.createElement('pre');
    pre.className = 'raw';
    pre.textContent = JSON.stringify({ event: m.event }, null, 2);
    el.append(pre);
  }
  return el;
}

function renderMessage(m) {
  if (m.msgType === 'refusal' && m.refusal) return renderRefusal(m);
  if (m.msgType === 'menu_event') return renderMenuEvent(m);
  const mine = m.from === state.me;
  const wrap = document.createElement('div');
  wrap.className = `msg ${m.from === 'bot' ? 'bot' : ''} ${mine ? 'mine' : ''}`;
  wrap.dataset.messageId = m.messageId;
  wrap.dataset.version = String(m.version);
  const who = nameOf(m.from) ?? m.from;
  const avatar = document.createElement('div');
  avatar.className = 'avatar';
  avatar.textContent = (who ?? '?').slice(-2);
  const bw = document.createElement('div');
  bw.className = 'bubble-wrap';
  const whoEl = document.createElement('div');
  whoEl.className = 'who';
  whoEl.textContent = `${who} · ${new Date(m.createdAt).toLocaleTimeString('zh-CN')}${m.version > 0 ? ' · 已更新 updated' : ''}`;
  bw.append(whoEl);
  if (m.urgent) {
    const u = document.createElement('div');
    u.className = 'urgent';
    u.dataset.urgent = m.urgent.kind;
    u.textContent = `加急 Urgent (${{ app: '应用内', sms: '短信', phone: '电话' }[m.urgent.kind] ?? m.urgent.kind})`;
    bw.append(u);
  }
  const c = content(m);
  if (m.msgType === 'interactive') {
    bw.append(renderCard(c, {
      names: nameOf,
      people: state.people,
      onAction: (action) => press(m, action),
      onError: (text) => toast({ type: 'warning', content: text }),
    }));
  } else {
    const b = document.createElement('div');
    b.className = 'bubble';
    if (m.msgType === 'file') {
      const a = document.createElement('a');
      a.href = `/emulator/api/files/${encodeURIComponent(c.file_key ?? '')}`;
      a.className = 'file';
      a.dataset.fileKey = c.file_key ?? '';
      a.textContent = `附件 File · ${c.file_key ?? ''}`;
      b.append(a);
    }
    else if (m.msgType === 'text') b.textContent = (c.text ?? '').replace(/<at user_id="?([\w-]+)"?>[^<]*<\/at>/g, (x, id) => `@${nameOf(id) ?? id}`);
    else b.textContent = `[${m.msgType}] ${m.content}`;
    bw.append(b);
  }
  if ($('show-raw').checked) {
    const raw = document.createElement('details');
    raw.className = 'raw';
    raw.innerHTML = '<summary>原始 JSON · raw JSON</summary>';
    const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(m.event ? { event: m.event } : c, null, 2);
    raw.append(pre);
    bw.append(raw);
  }
  wrap.append(avatar, bw);
  return wrap;
}

function renderMessages() {
  const box = $('messages');
  const list = [...state.messages.values()].filter((m) => m.chatId === state.chatId).sort((a, b) => a.createdAt - b.createdAt);
  box.replaceChildren(...list.map(renderMessage));
  box.scrollTop = box.scrollHeight;
}

function upsert(m, scroll) {
  state.messages.set(m.messageId, m);
  if (m.chatId !== state.chatId) return;
  const old = document.querySelector(`[data-message-id="${m.messageId}"]`);
  if (old) old.replaceWith(renderMessage(m));
  else {
    $('messages').append(renderMessage(m));
    if (scroll) $('messages').scrollTop = $('messages').scrollHeight;
  }
}

async function press(m, action) {
  try {
    const res = await api('actions', { as: state.me, messageId: m.messageId, timezone: timezone(), ...action });
    if (res.status !== 200) toast({ type: 'error', content: `回调失败 callback failed: HTTP ${res.status}` });
    toast(res.toast);
  } catch (err) {
    toast({ type: 'error', content: String(err.message ?? err) });
  }
}

function renderChats() {
  const nav = $('chats');
  nav.replaceChildren(...state.chats.map((c) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = c.type === 'p2p' ? `${c.name}（私聊 direct）` : `${c.name}（群聊 group）`;
    b.className = c.chatId === state.chatId ? 'active' : '';
    b.dataset.chatId = c.chatId;
    b.addEventListener('click', () => openChat(c.chatId));
    return b;
  }));
}

function openChat(chatId) {
  const entering = chatId !== state.chatId;
  state.chatId = chatId;
  const chat = state.chats.find((c) => c.chatId === chatId);
  $('chat-title').textContent = chat ? chat.name : chatId;
  $('chat-hint').textContent = chat?.type === 'group'
    ? '勾选「@政务助手」才会 @机器人；用 @姓名 提到同事，@所有人 提到全体 · tick "@政务助手" to @mention the bot; @Name mentions a colleague, @所有人 everyone'
    : '';
  $('menu-bar').hidden = chat?.type !== 'p2p';
  $('group-options').hidden = chat?.type !== 'group';
  renderChats();
  renderMessages();
  // Lark tells the bot each time a person opens the direct chat (bot_p2p_chat_entered_v1).
  if (entering && chat?.type === 'p2p') api('enter', { as: state.me }).catch((err) => toast({ type: 'error', content: String(err.message ?? err) }));
}

async function pressMenu(eventKey) {
  try {
    await api('menu', { as: state.me, eventKey });
  } catch (err) {
    toast({ type: 'error', content: String(err.message ?? err) });
  }
}

async function become(openId) {
  state.me = openId;
  localStorage.setItem('govdesk-emulator-me', openId);
  const p = state.people.find((x) => x.openId === openId);
  $('me').textContent = p ? `${p.name} · ${p.title || ''} ${p.unitName || ''} · ${p.roles.join(', ') || '无角色 no role'} · ${p.openId}` : `${openId}（不在通讯录 not in the directory）`;
  const { chats } = await api(`chats?as=${encodeURIComponent(openId)}`);
  state.chats = chats;
  for (const c of chats) for (const m of c.messages) state.messages.set(m.messageId, m);
  openChat(chats.find((c) => c.type === 'p2p')?.chatId ?? chats[0]?.chatId);
}

async function send(text) {
  const mentions = state.people.filter((p) => p.openId !== state.me && text.includes(`@${p.name}`)).map((p) => ({ openId: p.openId, name: p.name }));
  try {
    await api('messages', { as: state.me, chatId: state.chatId, text, mentions, mentionBot: $('mention-bot').checked });
  } catch (err) {
    toast({ type: 'error', content: String(err.message ?? err) });
  }
}

/** One line of the Developer panel: an Open API call (or a judged callback answer), its code, and Lark's msg when it failed. */
function showCall(c) {
  const line = document.createElement('div');
  line.className = `call${c.code === 0 ? '' : ' failed'}`;
  line.dataset.code = String(c.code);
  line.textContent = `${new Date(c.at).toLocaleTimeString('zh-CN')} ${c.method} ${c.path} → ${c.status} code ${c.code}${c.code !== 0 && c.msg ? ` · ${c.msg}` : ''}`;
  $('calls').prepend(line);
}

function listen() {
  const es = new EventSource('/emulator/api/stream');
  const onMessage = (e) => upsert(JSON.parse(e.data), true);
  es.addEventListener('message', onMessage);
  es.addEventListener('update', onMessage);
  es.addEventListener('call', (e) => showCall(JSON.parse(e.data)));
}

async function main() {
  const dir = await api('directory');
  state.people = dir.people;
  state.bot = dir.bot;
  const who = $('who');
  who.replaceChildren(...dir.people.map((p) => {
    const o = document.createElement('option');
    o.value = p.openId;
    o.textContent = `${p.name} · ${p.title || p.roles.join(', ')}${p.unitName ? ` · ${p.unitName}` : ''}`;
    return o;
  }));
  who.addEventListener('change', () => become(who.value));
  $('who-use').addEventListener('click', () => {
    const v = $('who-custom').value.trim();
    if (/^ou_[\w-]+$/.test(v)) become(v);
    else toast({ type: 'warning', content: 'open_id 以 ou_ 开头 · an open_id starts with ou_' });
  });
  $('composer').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('text').value.trim();
    if (!text || !state.me) return;
    $('text').value = '';
    send(text);
  });
  $('show-raw').addEventListener('change', renderMessages);
  $('rate-limit').addEventListener('click', async () => {
    await api('simulate', { rateLimitNext: 3 });
    toast({ type: 'info', content: '接下来 3 次发送将返回限流 · the next 3 sends will be rate-limited' });
  });
  $('menu-bar').append(...MENU.map(([key, label]) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.eventKey = key;
    b.textContent = label;
    b.addEventListener('click', () => pressMenu(key));
    return b;
  }));
  const { calls } = await api('calls');
  for (const c of calls.slice(-50)) showCall(c);
  listen();
  const saved = localStorage.getItem('govdesk-emulator-me');
  const first = dir.people.find((p) => p.openId === saved) ?? dir.people[0];
  if (first) {
    who.value = first.openId;
    await become(first.openId);
  }
  document.body.dataset.ready = 'true';
}

main().catch((err) => toast({ type: 'error', content: `模拟器启动失败 emulator failed to start: ${err.message}` }));

// For tests and developers: render any card JSON into the page.
window.govdeskRenderCard = (card, target) => {
  const el = renderCard(card, { names: nameOf, people: state.people, onAction: (a) => (window.lastCardAction = a), onError: (e) => (window.lastCardError = e) });
  (target ?? $('messages')).append(el);
  return el;
};
