// Buttons marked data-print open the browser's print dialog (no inline script: the CSP forbids it).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});

// An 80 mm receipt prints on one page as long as the receipt (a roll has no page length): before printing,
// the named page "receipt" of receipt.css gets the sheet's height. The stylesheet object is changed, which the
// Content-Security-Policy allows (an inline style would not be).
const MM_PER_PX = 25.4 / 96;
const PAGE_MARGINS_MM = 8; // receipt.css: 4 mm above and below
let fitted = null; // the index of the rule added here, replaced at each print

function fitReceiptPage() {
  const sheet = document.getElementById("receipt-sheet");
  const styles = Array.from(document.styleSheets).find((s) => s.href && s.href.endsWith("/css/receipt.css"));
  if (!sheet || !styles) {
    return;
  }
  const height = Math.ceil(sheet.getBoundingClientRect().height * MM_PER_PX + PAGE_MARGINS_MM + 1);
  if (fitted !== null) {
    styles.deleteRule(fitted);
  }
  fitted = styles.insertRule(`@page receipt { size: 80mm ${height}mm; margin: 4mm; }`, styles.cssRules.length);
}

window.addEventListener("beforeprint", fitReceiptPage);
