// Registration forms: show a question only when the earlier answer it depends on asks for it.
// A wrapper marked data-show-if="<field name>" data-show-if-values='["value", …]' is hidden
// unless that field's answer is one of the values (a ticked consent box counts as "yes").
// Without this script every question shows and the server ignores the answers not asked for.
(function () {
  "use strict";

  function answers(form, name) {
    var values = [];
    var inputs = form.querySelectorAll('[name="' + name.replace(/"/g, "") + '"]');
    Array.prototype.forEach.call(inputs, function (input) {
      var wrapper = input.closest("[data-show-if]");
      if (wrapper && wrapper.hidden) { return; }  // a question not asked has no answer
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) { values.push(input.hasAttribute("value") ? input.value : "yes"); }
      } else if (input.tagName === "SELECT") {
        Array.prototype.forEach.call(input.selectedOptions, function (option) { values.push(option.value); });
      } else if (input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function update(form) {
    // In document order, so that a question depending on a hidden one hides as well.
    Array.prototype.forEach.call(form.querySelectorAll("[data-show-if]"), function (wrapper) {
      var wanted;
      try { wanted = JSON.parse(wrapper.getAttribute("data-show-if-values") || "[]"); } catch (e) { wanted = []; }
      var given = answers(form, wrapper.getAttribute("data-show-if"));
      var shown = given.some(function (value) { return wanted.indexOf(value) !== -1; });
      wrapper.hidden = !shown;
      var condition = wrapper.querySelector(".condition");
      if (condition) { condition.remove(); }  // the script does what the sentence says
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      if (!form.querySelector("[data-show-if]")) { return; }
      update(form);
      form.addEventListener("change", function () { update(form); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
