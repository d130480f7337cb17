/* "Was this helpful?" on entry pages: send the vote in place instead of reloading the page.
 *
 * Plain script, no build step, no third-party code. Without it the form still works (the server
 * redirects back with ?feedback=...). Every visible text comes from the server, already in the
 * page's language: the reply's message, or the form's data-error-message when the network fails.
 */
(function () {
  "use strict";

  var FINAL = ["recorded", "duplicate", "rate_limited"];

  function enhance(form) {
    var box = form.parentNode;
    var message = box.querySelector("[data-feedback-message]");
    var reasons = form.querySelector("[data-feedback-reasons]");
    var buttons = Array.prototype.slice.call(form.querySelectorAll("button[type=submit]"));
    var lastClicked = null;

    // The reasons matter only for "No": keep them out of the way until then, unless the page
    // came back asking for one.
    if (reasons && !reasons.hasAttribute("aria-describedby") && !form.querySelector("input[name=reason]:checked")) {
      reasons.hidden = true;
    }
    buttons.forEach(function (button) {
      button.addEventListener("click", function () { lastClicked = button; });
    });

    function say(text) {
      message.textContent = text;
    }

    function setBusy(busy) {
      buttons.forEach(function (button) { button.disabled = busy; });
      form.setAttribute("aria-busy", busy ? "true" : "false");
    }

    function firstReason() {
      return reasons ? reasons.querySelector("input[name=reason]") : null;
    }

    form.addEventListener("submit", function (event) {
      var submitter = event.submitter || lastClicked;
      if (!submitter || submitter.name !== "helpful") return;  // let the browser post it
      event.preventDefault();
      if (submitter.value === "no" && reasons && reasons.hidden) {
        reasons.hidden = false;
        if (firstReason()) firstReason().focus();
        return;
      }
      var body = new URLSearchParams(new FormData(form));
      body.set("helpful", submitter.value);
      if (submitter.value === "yes") body.delete("reason");
      setBusy(true);
      fetch(form.action, {
        method: "POST",
        headers: { "Accept": "application/json" },
        body: body,
        credentials: "same-origin",
      })
        .then(function (response) { return response.json(); })
        .then(function (reply) {
          say(reply.message || form.getAttribute("data-error-message"));
          if (FINAL.indexOf(reply.status) !== -1) {
            form.parentNode.removeChild(form);
            message.setAttribute("tabindex", "-1");
            message.focus();
            return;
          }
          setBusy(false);
          if (reasons && reasons.hidden === false && firstReason()) firstReason().focus();
        })
        .catch(function () {
          say(form.getAttribute("data-error-message"));
          setBusy(false);
        });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-feedback-form]"), enhance);
}());
