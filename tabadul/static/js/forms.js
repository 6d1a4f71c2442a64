/* Forms: after a submission with errors, move focus to the error summary so that it is read first
   (includes/error_summary.html). Loaded with `defer` from base.html; no inline script (the CSP forbids it). */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
