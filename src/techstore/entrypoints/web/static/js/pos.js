// The point of sale's keys (no inline script: the CSP forbids it). Money is never computed here.
// F2 new sale, F4 customer search, F8 first payment field, F9 sell; in the code field, the down arrow
// enters the product results, up/down move among them, Escape goes back, Enter (native) adds the product.
(() => {
  const focus = (selector) => {
    const element = document.querySelector(selector);
    if (element) { element.focus(); if (element.select) element.select(); }
    return element;
  };
  const results = () => Array.from(document.querySelectorAll("#product-results .pos-result"));

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
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const found = results();
      const target = event.target;
      const at = found.indexOf(target);
      if (target && target.id === "code" && event.key === "ArrowDown" && found.length) {
        event.preventDefault();
        found[0].focus();
      } else if (at >= 0) {
        event.preventDefault();
        if (event.key === "ArrowUp" && at === 0) focus("#code");
        else found[Math.min(Math.max(at + (event.key === "ArrowDown" ? 1 : -1), 0), found.length - 1)].focus();
      }
    } else if (event.key === "Escape" && results().includes(event.target)) {
      focus("#code");
    }
  });
})();
