// Alliance's only script: no inline JavaScript is allowed by the Content Security Policy.
(function () {
  "use strict";
  // Tell the server the browser's time zone, so times show in the viewer's zone.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // IANA names (Asia/Kolkata) are valid cookie values as they are; the server reads them unescaped.
    if (zone && /^[A-Za-z0-9_+\/-]+$/.test(zone) && document.cookie.indexOf("alliance_tz=" + zone) === -1) {
      document.cookie = "alliance_tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (e) { /* old browsers: stay in UTC */ }
  // The language switcher returns to the address shown now (htmx may have changed it since
  // the page loaded), without htmx's own cache-busting parameter.
  document.addEventListener("submit", function (event) {
    var field = event.target.querySelector && event.target.querySelector("[data-current-address]");
    if (!field) { return; }
    var url = new URL(window.location.href);
    url.searchParams.delete("org.htmx.cache-buster");
    field.value = url.pathname + url.search;
  });
})();
