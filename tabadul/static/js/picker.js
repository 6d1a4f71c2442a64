/* Pickers (core/pickers.py): an input marked data-picker="<url>" gets suggestions from that address as the person
   types, in its <datalist>. A textarea marked data-picker-multiple (one name per line) becomes a list with a remove
   button per name and an input to add one; the list is written back to the textarea, which is what the form posts.
   Without this script both still work: the server resolves what was typed. Loaded with `defer` from base.html;
   no inline script (the CSP forbids it). */
(function () {
  "use strict";

  function suggestions(input, url, datalist) {
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (timer) {
        clearTimeout(timer);
      }
      if (!query || query === asked) {
        return;
      }
      timer = setTimeout(function () {
        asked = query;
        fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            datalist.replaceChildren.apply(datalist, data.results.map(function (label) {
              var option = document.createElement("option");
              option.value = label;
              return option;
            }));
          })
          .catch(function () { /* no suggestions: what is typed is still resolved on the server */ });
      }, 200);
    });
  }

  function isSuggestion(datalist, value) {
    return Array.prototype.some.call(datalist.options, function (option) { return option.value === value; });
  }

  function multiple(textarea, datalist) {
    var lines = textarea.value.split("\n").map(function (line) { return line.trim(); }).filter(Boolean);
    var box = document.createElement("div");
    box.className = "picker";
    var list = document.createElement("ul");
    list.className = "picker-chosen";
    var empty = document.createElement("p");
    empty.className = "picker-empty helptext";
    empty.textContent = textarea.dataset.pickerEmpty;
    var row = document.createElement("div");
    row.className = "picker-add";
    var input = document.createElement("input");
    input.type = "text";
    input.id = textarea.id + "_add";
    input.dir = "auto";
    input.autocomplete = "off";
    input.setAttribute("list", datalist.id);
    var describedBy = textarea.getAttribute("aria-describedby");
    if (describedBy) {
      input.setAttribute("aria-describedby", describedBy);
    }
    var add = document.createElement("button");
    add.type = "button";
    add.className = "secondary";
    add.textContent = textarea.dataset.pickerAdd;
    row.append(input, add);
    box.append(list, empty, row);

    var label = document.querySelector('label[for="' + textarea.id + '"]');
    if (label) {
      label.htmlFor = input.id;
    } else {
      input.setAttribute("aria-label", textarea.dataset.pickerAddLabel);
    }

    function draw() {
      textarea.value = lines.join("\n");
      empty.hidden = lines.length > 0;
      list.replaceChildren.apply(list, lines.map(function (line, index) {
        var item = document.createElement("li");
        var name = document.createElement("span");
        name.dir = "auto";
        name.textContent = line;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "link-button";
        remove.textContent = textarea.dataset.pickerRemove;
        remove.setAttribute("aria-label", textarea.dataset.pickerRemove + ": " + line);
        remove.addEventListener("click", function () {
          lines.splice(index, 1);
          draw();
          input.focus();
        });
        item.append(name, " ", remove);
        return item;
      }));
    }

    function addTyped() {
      var value = input.value.trim();
      if (value && lines.indexOf(value) === -1) {
        lines.push(value);
        draw();
      }
      input.value = "";
      input.focus();
    }

    add.addEventListener("click", addTyped);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // add the name, do not send the form
        addTyped();
      }
    });
    input.addEventListener("input", function () {
      if (isSuggestion(datalist, input.value)) {
        addTyped(); // a suggestion chosen from the list
      }
    });
    // What is still in the add input when the form is sent is kept, not lost.
    if (textarea.form) {
      textarea.form.addEventListener("submit", function () {
        var value = input.value.trim();
        if (value && lines.indexOf(value) === -1) {
          lines.push(value);
          textarea.value = lines.join("\n");
        }
      });
    }
    textarea.hidden = true;
    textarea.after(box);
    draw();
    suggestions(input, textarea.dataset.picker, datalist);
  }

  document.querySelectorAll("[data-picker]").forEach(function (field) {
    var datalist = document.getElementById(field.id + "_suggestions");
    if (!datalist) {
      return;
    }
    if (field.hasAttribute("data-picker-multiple")) {
      multiple(field, datalist);
    } else {
      suggestions(field, field.dataset.picker, datalist);
    }
  });
})();
