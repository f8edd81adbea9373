/* The header's menu button on phones. Without this script (or before it runs) the button stays hidden and
   the menu is simply shown in full: portal.css collapses it only when the header has `has-menu-toggle`. */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var button = header && header.querySelector(".menu-toggle");
  if (!button) return;
  function setOpen(open) { button.setAttribute("aria-expanded", open ? "true" : "false"); }
  button.hidden = false;
  header.classList.add("has-menu-toggle");
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
