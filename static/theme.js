// The colour theme: the system's, or light or dark as the reader chose (remembered in this browser).
// Loaded in <head> without defer, so the page is painted in the chosen theme from the start.
"use strict";

(function () {
  const key = "lesepult:theme";
  const root = document.documentElement;
  function stored() {
    try { return localStorage.getItem(key) || "system"; } catch (_) { return "system"; }
  }
  function apply(theme) {
    if (theme === "light" || theme === "dark") root.dataset.theme = theme;
    else delete root.dataset.theme;
  }
  apply(stored());

  document.addEventListener("change", function (event) {
    if (event.target.id !== "theme") return;
    apply(event.target.value);
    try { localStorage.setItem(key, event.target.value); } catch (_) { /* private mode: this page only */ }
  });
  document.addEventListener("DOMContentLoaded", function () {
    const choice = document.getElementById("theme");
    if (choice) choice.value = stored();
  });
})();
