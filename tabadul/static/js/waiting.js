/* The header's count of waiting items, for a page rendered while the count was not cached (base.html marks the
   "My work" link with `data-waiting-badge`, the address of work/views.py `waiting_badge`): asked for once the page
   has loaded, so that no page waits for the counting. The attribute is removed once answered. */
(function () {
  "use strict";
  var link = document.querySelector("a[data-waiting-badge]");
  if (!link || !window.fetch) {
    return;
  }
  function done() {
    link.removeAttribute("data-waiting-badge");
  }
  fetch(link.getAttribute("data-waiting-badge"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.ok ? response.json() : null;
    })
    .then(function (answer) {
      if (answer && answer.badge) {
        link.insertAdjacentHTML("beforeend", " " + answer.badge);
      }
      done();
    }, done);
})();
