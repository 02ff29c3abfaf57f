// A manager's approval at the counter (templates/_approval.html; no inline script: the CSP forbids it).
// The server renders the approval's fields in an open <dialog>, so without JavaScript they show in the form;
// here that dialog becomes modal, its password field (or the username, when empty) takes the focus, and
// Cancel takes it (and what was typed in it) away. After an HTMX swap of the form, a new dialog is opened the same way.
(() => {
  const open = (root) => {
    const dialog = (root || document).querySelector("dialog[data-approval]");
    if (!dialog || !dialog.showModal || dialog.matches(":modal")) return;
    dialog.close();
    dialog.showModal();
    const cancel = dialog.querySelector("[data-approval-cancel]");
    if (cancel) {
      cancel.hidden = false;
      cancel.addEventListener("click", () => { dialog.close(); dialog.remove(); });
    }
    const username = dialog.querySelector("[name=approver_username]");
    const password = dialog.querySelector("[name=approver_password]");
    (username && !username.value ? username : password).focus();
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => open());
  else open();
  document.addEventListener("htmx:afterSettle", () => open());
})();
