// The catalogue's filters are open on a wide screen, folded on a phone so the
// courses come first.
(function () {
  "use strict";
  var filters = document.getElementById("catalogue-filters");
  if (filters && window.matchMedia("(min-width: 821px)").matches) {
    filters.open = true;
  }
})();
