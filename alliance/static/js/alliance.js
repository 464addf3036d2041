// Alliance's only script: no inline JavaScript is allowed by the Content Security Policy.
(function () {
  "use strict";
  // Tell the server the browser's time zone, so times show in the viewer's zone.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && document.cookie.indexOf("alliance_tz=" + zone) === -1) {
      document.cookie = "alliance_tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* old browsers: stay in UTC */ }
  // Selects marked data-autosubmit send their form when changed; the button stays for no-JS use.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-autosubmit]")) {
      event.target.form.submit();
    }
  });
})();
