// The progress page of a PDF report (templates/reports/pages/detail.html): asks the status URL every 1.5 s
// and updates the bar, the state and, once ready, shows the download link. No inline script, no page reload.
(function () {
  "use strict";
  function follow(section) {
    var url = section.getAttribute("data-status-url");
    var bar = section.querySelector("[data-report-progress]");
    var percent = section.querySelector("[data-report-percent]");
    var state = section.querySelector("[data-report-state]");
    var ready = section.querySelector("[data-report-ready]");
    var failed = section.querySelector("[data-report-failed]");
    var waiting = section.querySelector("[data-report-waiting]");
    var delay = 1500;
    function show(status) {
      bar.value = status.progress;
      bar.textContent = status.progress + "%";
      percent.textContent = status.progress + "%";
      state.textContent = status.label;
      if (status.state === "done") {
        ready.hidden = false;
      }
      if (status.state === "failed") {
        failed.hidden = false;
      }
      if (status.finished && waiting) {
        waiting.hidden = true;
      }
    }
    function ask() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.json();
        })
        .then(function (status) {
          show(status);
          if (!status.finished) { window.setTimeout(ask, delay); }
        })
        .catch(function () {
          delay = Math.min(delay * 2, 30000);
          window.setTimeout(ask, delay);
        });
    }
    if (section.getAttribute("data-finished") !== "true") { window.setTimeout(ask, delay); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var sections = document.querySelectorAll("[data-status-url]");
    for (var i = 0; i < sections.length; i += 1) { follow(sections[i]); }
  });
})();
