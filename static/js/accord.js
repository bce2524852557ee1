// Accord's own behaviour. No inline scripts: pages stay compatible with a strict CSP.
document.addEventListener("DOMContentLoaded", () => {
  // Submit a filter form's HTMX request when a select changes (text inputs use hx-trigger).
  document.querySelectorAll("form[data-autosubmit] select").forEach((select) => {
    select.addEventListener("change", () => select.form.requestSubmit());
  });
  // Focus the first field with an error, so keyboard users land where the fix is needed.
  const invalid = document.querySelector(".is-invalid");
  if (invalid) invalid.focus();
});
// Send the CSRF token with every HTMX request.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("meta[name=csrf-token]");
  if (token) event.detail.headers["X-CSRFToken"] = token.content;
});
