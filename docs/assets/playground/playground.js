// The tokenizer playground of the Lesson 1 page: type or paste a text, see how o200k_base and
// cl100k_base cut it into tokens, how many there are, and what the text costs as input.
//
// The tokenizer is gpt-tokenizer (MIT), vendored unchanged in docs/assets/vendor/ (README.txt
// there: version, licence, sha256). Its rank tables are 3.6 MB, so they load when the reader
// reaches the playground (or focuses it), not with the page. Every number and name shown comes
// from the page's data (token_economics.site.lesson1.playground_data(): prices at the course's
// one moment, colours, examples); tests/test_playground.py checks ids, pieces, counts and
// prices against the Python library.
//
// Its words are English, or Chinese on the Chinese site (<html lang="zh">): each goes through
// window.TE_T, the lookup that ../widgets/strings-zh.js defines with its table of Chinese
// words, shared with the lesson calculators.

import "../widgets/strings-zh.js";

const t = window.TE_T;
const root = document.getElementById("te-playground");
document.head.append(
  Object.assign(document.createElement("link"), { rel: "stylesheet", href: new URL("playground.css", import.meta.url).href }),
);
const data = JSON.parse(document.getElementById("te-playground-data").textContent);
const vendor = new URL(root.dataset.vendor, document.baseURI);

const strict = new TextDecoder("utf-8", { fatal: true });
const utf8 = new TextEncoder();
const encoders = new Map(); // tokenizer name → gpt-tokenizer's encoding API
let loading = null;

function load() {
  if (!loading) {
    setStatus(t("Loading the tokenizers…"));
    loading = Promise.all(
      data.tokenizers.map(async ({ name }) => {
        const module = await import(new URL(`encoding/${name}.js`, vendor).href);
        encoders.set(name, module.default);
      }),
    ).then(
      () => {
        setStatus("");
        update();
      },
      (error) => {
        setStatus(t("The tokenizers could not be loaded: {error}", { error: error.message }));
        throw error;
      },
    );
  }
  return loading;
}

// --- what the library computes, in the same way ------------------------------------------------

/** Token ids, special-token text encoded as plain text (tiktoken's disallowed_special=()). */
function encode(name, text) {
  return encoders.get(name).encode(text, { disallowedSpecial: new Set() });
}

/** The raw bytes of one token. */
function tokenBytes(name, id) {
  const value = encoders.get(name).bytePairEncodingCoreProcessor.tryDecodeToken(id);
  return typeof value === "string" ? utf8.encode(value) : value;
}

/** tokens.readable_bytes: UTF-8 where it decodes, <0xNN> for a byte that is part of no character. */
function readableBytes(raw) {
  let out = "";
  let i = 0;
  while (i < raw.length) {
    let done = false;
    for (let width = 1; width <= 4 && !done; width++) {
      if (i + width > raw.length) break;
      try {
        out += strict.decode(raw.subarray(i, i + width));
        i += width;
        done = true;
      } catch {
        // not a whole character yet: try one more byte
      }
    }
    if (!done) {
      out += "<0x" + raw[i].toString(16).toUpperCase().padStart(2, "0") + ">";
      i += 1;
    }
  }
  return out;
}

/** tokens.visible_whitespace: spaces, new lines and tabs as the page shows them. */
function visibleWhitespace(piece) {
  return [...piece].map((ch) => data.visible[ch] ?? ch).join("");
}

/** tokens.token_pieces: [id, piece with visible spaces] for each token. */
function pieces(name, text) {
  return encode(name, text).map((id) => [id, visibleWhitespace(readableBytes(tokenBytes(name, id)))]);
}

/** tokens.cost_usd: the price of `tokens` tokens at a price per million. */
function costUsd(tokens, usdPerMillion) {
  return (tokens * usdPerMillion) / data.tokens_per_million;
}

/** site.lesson1.playground_usd: two decimals, one more per step the amount is below. */
function formatUsd(usd) {
  if (usd === 0) return "$0";
  const decimals = 2 + data.usd_steps.filter((step) => usd < step).length;
  return "$" + usd.toFixed(decimals);
}

const integer = new Intl.NumberFormat("en-US");

// --- the widget ---------------------------------------------------------------------------------

const SHOWN_TOKENS = 2000; // tokens drawn per tokenizer; the counts are always of the whole text

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

const textarea = element("textarea", {
  id: "te-pg-text",
  rows: "6",
  spellcheck: "false",
  "aria-describedby": "te-pg-help",
});
textarea.value = data.examples[0].text;
const examples = element("div", { class: "te-pg-examples", role: "group", "aria-label": t("Example texts") });
for (const example of data.examples) {
  const button = element("button", { type: "button", class: "te-pg-example", text: t(example.label) }); // the data's labels: see strings-zh.js
  button.addEventListener("click", () => {
    textarea.value = example.text;
    load();
    update();
  });
  examples.append(button);
}
const showIds = element("input", { type: "checkbox", id: "te-pg-ids" });
const status = element("p", { class: "te-pg-status", role: "status", "aria-live": "polite" });
const summary = element("p", { class: "te-pg-summary", id: "te-pg-summary" });
const strips = element("div", { class: "te-pg-strips" });
const columns = new Map();
for (const { name, models } of data.tokenizers) {
  const count = element("span", { class: "te-pg-count", "data-tokenizer": name });
  const strip = element("div", {
    class: "te-tokens te-pg-tokens",
    "data-tokenizer": name,
    tabindex: "0", // it scrolls when the text is long: a keyboard must reach it
    role: "group",
    "aria-label": t("The text cut into {name} tokens", { name }),
  });
  const note = element("p", { class: "te-pg-note" });
  const column = element(
    "section",
    { class: "te-pg-column", "aria-label": name },
    element("p", { class: "te-pg-head" }, element("code", { text: name }), " ", count),
    element("p", { class: "te-pg-models", text: t("used by {models}", { models }) }),
    strip,
    note,
  );
  columns.set(name, { count, strip, note });
  strips.append(column);
}
const priceRows = element("tbody");
// Its own scrolling box (focusable, so a keyboard can scroll it) in case a phone is narrower still.
const prices = element(
  "div",
  { class: "te-pg-scroll", tabindex: "0", role: "region", "aria-labelledby": "te-pg-caption" },
  element(
    "table",
    { class: "te-pg-prices" },
    element("caption", {
      id: "te-pg-caption",
      text: t(
        "This text as input, at each model's list price for input tokens on {date} (genai-prices {version})",
        { date: t.date(data.prices_as_of), version: data.genai_prices_version },
      ),
    }),
    element(
      "thead",
      {},
      element(
        "tr",
        {},
        element("th", { scope: "col", text: t("model and tokenizer") }),
        element("th", { scope: "col", text: t("tokens") }),
        element("th", { scope: "col", text: t("$ per million input tokens") }),
        element("th", { scope: "col", text: t("this text") }),
      ),
    ),
    priceRows,
  ),
);
const priceCells = data.models.map((model) => {
  const tokens = element("td", { class: "te-pg-model-tokens", "data-model": model.model });
  const usd = element("td", { class: "te-pg-usd", "data-model": model.model });
  priceRows.append(
    element(
      "tr",
      {},
      element("th", { scope: "row" }, model.label, element("br"), element("code", { text: model.tokenizer })),
      tokens,
      element("td", { class: "te-pg-rate", text: model.usd_per_million_input_text }),
      usd,
    ),
  );
  return { model, tokens, usd };
});

root.replaceChildren(
  element("label", { for: "te-pg-text", text: t("Your text") }),
  element("p", {
    id: "te-pg-help",
    class: "te-pg-help",
    text: t("Type or paste any text; the tokens and counts below follow as you type."),
  }),
  textarea,
  examples,
  element("p", { class: "te-pg-option" }, showIds, " ", element("label", { for: "te-pg-ids", text: t("Show each token's id") })),
  status,
  summary,
  strips,
  prices,
);

function setStatus(text) {
  status.textContent = text;
}

function drawStrip(strip, shown) {
  const spans = shown.map(([id, piece], n) => {
    const span = element("span", { class: "te-token", title: `id ${id}`, "data-id": String(id) });
    span.style.background = data.colours[n % data.colours.length];
    // a new line stays a line break after its ↵, as on the rest of the page
    span.textContent = piece.replaceAll(data.visible["\n"], data.visible["\n"] + "\n");
    if (showIds.checked) span.append(element("sub", { class: "te-pg-id", text: String(id) }));
    return span;
  });
  // a line may break between two tokens (<wbr>), and inside one only if it is wider than the line
  strip.replaceChildren(...spans.flatMap((span) => [span, document.createElement("wbr")]));
}

function update() {
  const text = textarea.value;
  const characters = [...text].length;
  const bytes = utf8.encode(text).length;
  summary.textContent = t("{characters} characters, {bytes} bytes in UTF-8", {
    characters: integer.format(characters),
    bytes: integer.format(bytes),
  });
  summary.dataset.characters = String(characters);
  summary.dataset.bytes = String(bytes);
  if (encoders.size < data.tokenizers.length) return;
  const counts = {};
  for (const { name } of data.tokenizers) {
    const all = pieces(name, text);
    counts[name] = all.length;
    const { count, strip, note } = columns.get(name);
    const n = integer.format(all.length);
    count.textContent = all.length === 1 ? t("{n} token", { n }) : t("{n} tokens", { n });
    count.dataset.tokens = String(all.length);
    drawStrip(strip, all.slice(0, SHOWN_TOKENS));
    note.textContent =
      all.length > SHOWN_TOKENS
        ? t("The first {n} tokens are shown; the count is of all.", { n: integer.format(SHOWN_TOKENS) })
        : "";
  }
  for (const { model, tokens, usd } of priceCells) {
    const n = counts[model.tokenizer];
    const cost = costUsd(n, model.usd_per_million_input);
    tokens.textContent = integer.format(n);
    usd.textContent = formatUsd(cost);
    usd.dataset.usd = String(cost);
  }
  root.dataset.ready = "true";
}

let timer = null;
textarea.addEventListener("input", () => {
  load();
  clearTimeout(timer);
  timer = setTimeout(update, 120);
});
textarea.addEventListener("focus", () => load());
showIds.addEventListener("change", () => update());
update();

if ("IntersectionObserver" in window) {
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((entry) => entry.isIntersecting)) {
        observer.disconnect();
        load();
      }
    },
    { rootMargin: "200px" },
  );
  observer.observe(root);
} else {
  load();
}

// For the tests (tests/test_playground.py) and the curious: the same functions the widget uses.
window.tePlayground = { load, encode, pieces, costUsd, formatUsd, update };
