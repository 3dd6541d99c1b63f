// The outline beside a lesson is open on a wide screen and folded on a phone,
// where it would push the lesson below the first screen.
(function () {
  "use strict";
  var outline = document.getElementById("lesson-outline");
  if (outline && window.matchMedia("(min-width: 821px)").matches) {
    outline.open = true;
  }
})();
