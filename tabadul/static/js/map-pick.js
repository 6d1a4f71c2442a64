/* The project form's map (meter/map.py, pick_map): a click or a tap on the map fills in the latitude and the
   longitude fields, and a dot shows the chosen point; typing in the fields moves the dot. Without this script the
   fields are typed as they are. The SVG says which part of the world it shows (data-x0, data-y0: Web Mercator world
   units at its top left corner; data-scale: SVG units per world unit), the inverse of map.py's Frame.project.
   Loaded with `defer`; no inline script (the CSP forbids it). */
(function () {
  "use strict";
  var svg = document.querySelector("svg[data-map-pick]");
  var latInput = document.querySelector("input[name=latitude]");
  var lonInput = document.querySelector("input[name=longitude]");
  if (!svg || !latInput || !lonInput || !svg.createSVGPoint) {
    return;
  }
  var x0 = parseFloat(svg.getAttribute("data-x0"));
  var y0 = parseFloat(svg.getAttribute("data-y0"));
  var scale = parseFloat(svg.getAttribute("data-scale"));
  var NS = "http://www.w3.org/2000/svg";
  var dot = document.createElementNS(NS, "circle");
  dot.setAttribute("r", "8");
  dot.setAttribute("class", "map-pick-here");
  dot.style.display = "none";
  svg.appendChild(dot);

  var digits = { "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8", "٩": "9", "٫": "." };
  function read(input) {
    var text = input.value.replace(/[٠-٩٫]/g, function (c) { return digits[c]; }).trim();
    return text === "" ? NaN : parseFloat(text);
  }

  function place() {
    var lat = read(latInput), lon = read(lonInput);
    if (isNaN(lat) || isNaN(lon) || Math.abs(lat) > 85) {
      dot.style.display = "none";
      return;
    }
    var rad = lat * Math.PI / 180;
    var x = (lon + 180) / 360;
    var y = (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2;
    dot.setAttribute("cx", ((x - x0) * scale).toFixed(1));
    dot.setAttribute("cy", ((y - y0) * scale).toFixed(1));
    dot.style.display = "";
  }

  svg.addEventListener("click", function (event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var inner = point.matrixTransform(svg.getScreenCTM().inverse());
    var x = x0 + inner.x / scale;
    var y = y0 + inner.y / scale;
    var lon = x * 360 - 180;
    var lat = Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI;
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    latInput.dispatchEvent(new Event("change", { bubbles: true }));
    lonInput.dispatchEvent(new Event("change", { bubbles: true }));
    place();
  });
  latInput.addEventListener("input", place);
  lonInput.addEventListener("input", place);
  place();
  svg.setAttribute("data-map-pick-ready", "");
})();
