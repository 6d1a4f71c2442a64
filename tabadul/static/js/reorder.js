/* Reorder a list in place (hubs/_ranking_form.html): the arrow buttons move their row without a round trip, and
   rows can be dragged. Without this script the arrows submit the form and the server shows the list reordered.
   Each row carries a hidden input, so the order of the rows is the order the form sends. Loaded with `defer`. */
(function () {
  "use strict";

  function rows(list) {
    return Array.prototype.filter.call(list.children, function (child) { return child.tagName === "LI"; });
  }

  function titleOf(row) {
    var label = row.querySelector("[data-title]");
    return label ? label.textContent.trim() : "";
  }

  function refresh(list) {
    var all = rows(list);
    all.forEach(function (row, index) {
      var up = row.querySelector("[data-move=up]");
      var down = row.querySelector("[data-move=down]");
      if (up) { up.disabled = index === 0; }
      if (down) { down.disabled = index === all.length - 1; }
      var position = row.querySelector("[data-position]");
      if (position) { position.textContent = String(index + 1); }
    });
  }

  function announce(list, row) {
    var status = list.parentNode.querySelector("[data-reorder-status]");
    if (!status) { return; }
    var position = rows(list).indexOf(row) + 1;
    status.textContent = (status.getAttribute("data-message") || "")
      .replace("{title}", titleOf(row))
      .replace("{position}", String(position));
  }

  function move(list, row, direction, button) {
    if (direction === "up" && row.previousElementSibling) {
      list.insertBefore(row, row.previousElementSibling);
    } else if (direction === "down" && row.nextElementSibling) {
      list.insertBefore(row.nextElementSibling, row);
    } else {
      return;
    }
    refresh(list);
    if (button) {
      // Keep the focus on the pressed button, or on its twin when the row reached an end of the list.
      var twin = row.querySelector("[data-move=" + (direction === "up" ? "down" : "up") + "]");
      (button.disabled ? twin : button).focus();
    }
    announce(list, row);
  }

  function enhance(list) {
    var dragged = null;
    list.setAttribute("data-reorder-ready", "");
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-move]");
      if (!button || !list.contains(button)) { return; }
      event.preventDefault();
      move(list, button.closest("li"), button.getAttribute("data-move"), button);
    });
    rows(list).forEach(function (row) {
      row.setAttribute("draggable", "true");
    });
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("li");
      if (!dragged) { return; }
      dragged.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.id);
    });
    list.addEventListener("dragover", function (event) {
      var target = event.target.closest("li");
      if (!dragged || !target) { return; }
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      rows(list).forEach(function (row) { row.classList.toggle("is-drop-target", row === target && row !== dragged); });
    });
    list.addEventListener("drop", function (event) {
      var target = event.target.closest("li");
      if (!dragged || !target) { return; }
      event.preventDefault();
      if (target !== dragged) {
        var all = rows(list);
        // Moving down puts the row after the target, moving up before it: the row takes the target's place.
        list.insertBefore(dragged, all.indexOf(dragged) < all.indexOf(target) ? target.nextElementSibling : target);
        refresh(list);
        announce(list, dragged);
      }
    });
    list.addEventListener("dragend", function () {
      rows(list).forEach(function (row) { row.classList.remove("is-dragging", "is-drop-target"); });
      dragged = null;
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-reorder]"), enhance);
})();
