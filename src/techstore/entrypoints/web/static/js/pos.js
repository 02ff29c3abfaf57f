// The point of sale's keys (no inline script: the CSP forbids it). Money is never computed here.
// F2 new sale, F4 customer search, F8 first payment field, F9 sell; in the code field (or the customer
// field), the down arrow enters the results, up/down move among them, Escape goes back, Enter (native)
// adds the product or picks the customer. Enter in the customer field picks the first customer found.
(() => {
  const focus = (selector) => {
    const element = document.querySelector(selector);
    if (element) { element.focus(); if (element.select) element.select(); }
    return element;
  };
  const results = (list = "#product-results") => Array.from(document.querySelectorAll(list + " .pos-result"));
  // Which field's results a key walks: the code field's products, the customer field's customers.
  const lists = { code: "#product-results", customer_q: "#customer-results" };
  const listOf = (element) => {
    if (!element) return null;
    if (lists[element.id]) return { field: "#" + element.id, list: lists[element.id] };
    for (const [id, list] of Object.entries(lists)) {
      if (element.closest && element.closest(list)) return { field: "#" + id, list };
    }
    return null;
  };

  document.addEventListener("keydown", (event) => {
    const pos = document.getElementById("pos");
    if (!pos) return;
    if (event.key === "F2") {
      event.preventDefault();
      const link = document.querySelector("[data-pos-new]");
      if (link) window.location.assign(link.getAttribute("href"));
    } else if (event.key === "F4") {
      event.preventDefault();
      focus("#customer_q");
    } else if (event.key === "F8") {
      event.preventDefault();
      focus("#pay_cash");
    } else if (event.key === "F9") {
      event.preventDefault();
      const sell = document.getElementById("sell");
      if (sell) sell.click();
    } else if (event.key === "Enter" && event.target && event.target.id === "customer_q") {
      // Enter picks the first customer found (the arrows choose another); with none listed yet, it
      // searches. Without this the form's first button, "Add", would take the Enter.
      event.preventDefault();
      const found = results("#customer-results");
      const find = pos.querySelector("button[value=find_customer]");
      if (found.length) found[0].click();
      else if (find) find.click();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const walked = listOf(event.target);
      if (!walked) return;
      const found = results(walked.list);
      const target = event.target;
      const at = found.indexOf(target);
      if (target && "#" + target.id === walked.field && event.key === "ArrowDown" && found.length) {
        event.preventDefault();
        found[0].focus();
      } else if (at >= 0) {
        event.preventDefault();
        if (event.key === "ArrowUp" && at === 0) focus(walked.field);
        else found[Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), found.length - 1)].focus();
      }
    } else if (event.key === "Escape") {
      const walked = listOf(event.target);
      if (walked && results(walked.list).includes(event.target)) focus(walked.field);
    }
  });

  // A search's answer is dropped when the field that asked has left the page with its form (an item was
  // added meanwhile): it answers what was typed before, and would replace the results of the search the
  // new field is making (its request is its own, so hx-sync cannot cancel the old one).
  document.addEventListener("htmx:beforeSwap", (event) => {
    const target = event.detail.target;
    if (!target || (target.id !== "product-results" && target.id !== "customer-results")) return;
    const asker = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (asker && !document.body.contains(asker)) event.detail.shouldSwap = false;
  });

  // htmx wires a swapped-in field's triggers when the swap settles (20 ms later), and takes the field's
  // value then as already searched ("changed"): letters typed into the new code or customer field before
  // then would start no search at all. Once settled, a field holding text asks for its results itself.
  const searchWhatWasTyped = () => {
    for (const id of ["code", "customer_q"]) {
      const field = document.getElementById(id);
      if (!field || !field.value.trim() || !window.htmx) continue;
      window.htmx.ajax("GET", field.getAttribute("hx-get"),
        { source: field, target: field.getAttribute("hx-target"), swap: "outerHTML" });
    }
  };

  // An answer that replaces the whole form (an item added, a refusal) was rendered from what was sent:
  // what the cashier typed while it was on its way (a cash amount, a note) is carried into the new form,
  // so a fast hand never loses keystrokes. Fields are matched by name and position (lines repeat names).
  const typedFields = (form) => {
    const seen = {};
    const values = {};
    form.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), textarea").forEach((input) => {
      const n = (seen[input.name] = (seen[input.name] || 0) + 1);
      values[input.name + "#" + n] = input;
    });
    return values;
  };
  const valuesOf = (fields) => Object.fromEntries(Object.entries(fields).map(([key, input]) => [key, input.value]));
  let sent = null;
  let carried = [];
  let focused = null;
  let askedFrom = null;
  const isForm = (event) => event.detail.target && event.detail.target.id === "pos";
  const keyOf = (fields, element) => Object.keys(fields).find((key) => fields[key] === element) || null;
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (!isForm(event)) return;
    sent = valuesOf(typedFields(event.detail.target));
    askedFrom = document.activeElement;
  });
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (!isForm(event) || !sent) return;
    const fields = typedFields(event.detail.target);
    const now = valuesOf(fields);
    carried = Object.entries(now).filter(([key, value]) => key in sent && sent[key] !== value);
    // A field the cashier moved to while the answer was on its way keeps the focus: the new form's
    // autofocus (the code field) would otherwise take the next keystrokes from it.
    const active = document.activeElement;
    focused = active && (carried.length || active !== askedFrom) ? keyOf(fields, active) : null;
    sent = null;
    askedFrom = null;
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    if (isForm(event)) searchWhatWasTyped();
    const form = document.getElementById("pos");
    const fields = form ? typedFields(form) : {};
    let last = null;
    for (const [key, value] of carried) {
      if (fields[key]) { fields[key].value = value; last = fields[key]; }
    }
    carried = [];
    if (focused && fields[focused]) fields[focused].focus();
    focused = null;
    if (last) last.dispatchEvent(new Event("input", { bubbles: true }));  // the totals follow
  });
})();
