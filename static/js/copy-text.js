// Copy buttons (templates/portal/profile.html): a button with data-copy-from="<id of an input>" copies that
// input's value to the clipboard and says so in the nearest [data-copy-status]. Without script the button stays
// hidden and the address can be selected by hand. No inline script (the CSP allows scripts from 'self' only).
(function () {
  "use strict";
  function status(button, text) {
    var box = button.parentNode.querySelector("[data-copy-status]");
    if (box) {
      box.textContent = text;
    }
  }
  function copy(button) {
    var input = document.getElementById(button.getAttribute("data-copy-from"));
    if (!input) {
      return;
    }
    var done = function () { status(button, button.getAttribute("data-copied-text")); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {
        input.select();
      });
    } else {
      input.select();
      if (document.execCommand && document.execCommand("copy")) {
        done();
      }
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-copy-from]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
