// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
  // The catalogues' filters (public/catalogue.html): on a small screen, showing the results
  // folds the filters again, so the results are in sight (with htmx the page stays).
  document.querySelectorAll("form.filters").forEach(function (form) {
    form.addEventListener("submit", function () {
      var panel = form.querySelector(".filters-toggle");
      var summary = panel && panel.querySelector("summary");
      // On wide screens the summary is hidden and the filters stay beside the results.
      if (!panel || !panel.open || !summary || summary.offsetParent === null) { return; }
      panel.open = false;
      summary.scrollIntoView({block: "start"});
    });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
});
