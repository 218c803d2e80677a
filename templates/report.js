/* korelint report: filtering of the findings and small conveniences. Everything works without it. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#findings-table tbody tr"));
  if (form && rows.length) {
    var sev = document.getElementById("f-severity"), rule = document.getElementById("f-rule"),
        dialog = document.getElementById("f-dialog"), text = document.getElementById("f-text"),
        input = document.getElementById("f-input"),
        count = document.getElementById("f-count"), none = document.getElementById("f-none");
    var haystack = rows.map(function (tr) { return tr.textContent.toLowerCase(); });
    var apply = function () {
      var s = sev.value, r = rule.value, d = dialog.value, q = text.value.trim().toLowerCase(), shown = 0,
          n = input ? input.value : "";
      rows.forEach(function (tr, i) {
        var ok = (!s || tr.getAttribute("data-severity") === s) && (!r || tr.getAttribute("data-rule") === r) &&
                 (!d || tr.getAttribute("data-dialog") === d) && (!n || tr.getAttribute("data-input") === n) &&
                 (!q || haystack[i].indexOf(q) !== -1);
        tr.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown === rows.length ? rows.length + " shown" : shown + " of " + rows.length + " shown";
      none.hidden = shown !== 0;
    };
    form.hidden = false;
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    Array.prototype.forEach.call(document.querySelectorAll("[data-filter-severity]"), function (a) {
      a.addEventListener("click", function () {
        var value = a.getAttribute("data-filter-severity");
        sev.value = Array.prototype.some.call(sev.options, function (o) { return o.value === value; }) ? value : "";
        apply();
      });
    });
    apply();
  }
  /* Fit a large drawing to the width of the page, or show it at its size (scrolling). */
  Array.prototype.forEach.call(document.querySelectorAll("figure.drawing"), function (fig) {
    var tools = fig.querySelector(".drawing-tools"), canvas = fig.querySelector(".canvas"), svg = canvas && canvas.querySelector("svg");
    if (!tools || !svg) { return; }
    if (canvas.scrollWidth <= canvas.clientWidth + 1) { return; }  /* it fits: nothing to toggle */
    /* Open a wide drawing on its entry node, where the conversation starts. */
    var entry = svg.querySelector(".kl-entry");
    if (entry) {
      var at = entry.getBoundingClientRect(), box = canvas.getBoundingClientRect();
      canvas.scrollLeft += Math.max(0, at.left - box.left - 24);
      canvas.scrollTop += Math.max(0, at.top - box.top - 24);
    }
    tools.hidden = false;
    var button = tools.querySelector("button");
    button.addEventListener("click", function () {
      var on = canvas.classList.toggle("fit");
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  });
  /* Light up one test path (korelint paths) on a drawing, and list its steps. */
  Array.prototype.forEach.call(document.querySelectorAll(".path-pick"), function (pick) {
    var svg = document.getElementById(pick.getAttribute("data-for")), select = pick.querySelector("select"),
        list = pick.querySelector(".path-walk"), paths;
    try { paths = JSON.parse(pick.getAttribute("data-paths")); } catch (e) { return; }
    if (!svg || !select || !Array.isArray(paths)) { return; }
    pick.hidden = false;
    select.addEventListener("change", function () {
      Array.prototype.forEach.call(svg.querySelectorAll(".kl-on-path"), function (el) { el.classList.remove("kl-on-path"); });
      var path = select.value === "" ? null : paths[Number(select.value)];
      svg.classList.toggle("kl-path-shown", !!path);
      list.textContent = "";
      list.hidden = !path;
      if (!path) { return; }
      path.ids.forEach(function (id) {
        var el = document.getElementById(id);
        if (el && svg.contains(el)) { el.classList.add("kl-on-path"); }
      });
      path.steps.forEach(function (text) {
        var li = document.createElement("li");
        li.textContent = text;
        list.appendChild(li);
      });
    });
  });
  /* A link to a node: open its table when it is folded, and show where it is. */
  var reveal = function () {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) { return; }
    var details = el.closest && el.closest("details");
    if (details && !details.open) { details.open = true; el.scrollIntoView(); }
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 2500);
  };
  window.addEventListener("hashchange", reveal);
  reveal();
  /* Print everything, folded tables included. */
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
}());
