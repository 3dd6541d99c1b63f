/* Quiz attempt page: countdown timer and autosave (the form works without it). */
(function () {
    "use strict";
    var form = document.getElementById("quiz-form");
    if (!form) { return; }
    var statusBox = document.getElementById("quiz-save-status");
    var saveButton = document.getElementById("quiz-save");
    var url = form.getAttribute("data-autosave-url");
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    var timer = null;
    var dirty = false;
    var submitting = false;

    function collect() {
        var answers = {};
        form.querySelectorAll("fieldset[data-slot]").forEach(function (box) {
            var id = box.getAttribute("data-slot");
            var kind = box.getAttribute("data-qtype");
            var name = "q" + id;
            if (kind === "single" || kind === "truefalse") {
                var checked = box.querySelector("input[name='" + name + "']:checked");
                answers[id] = checked ? checked.value : "";
            } else if (kind === "multiple") {
                answers[id] = Array.prototype.map.call(
                    box.querySelectorAll("input[type=checkbox][name='" + name + "']:checked"),
                    function (input) { return input.value; });
            } else if (kind === "matching") {
                var rows = {};
                box.querySelectorAll("select").forEach(function (select) {
                    rows[select.name.split("_")[1]] = select.value;
                });
                answers[id] = rows;
            } else if (kind === "description") {
                return;
            } else {
                // A text input, or the textarea of an essay.
                var input = box.querySelector("[name='" + name + "']");
                answers[id] = input ? input.value : "";
            }
        });
        return answers;
    }

    function say(text) { if (statusBox) { statusBox.textContent = text; } }

    function save(keepalive) {
        if (submitting) { return Promise.resolve(); }
        dirty = false;
        return fetch(url, {
            method: "POST",
            credentials: "same-origin",
            keepalive: !!keepalive,
            headers: {"Content-Type": "application/json", "X-CSRFToken": token},
            body: JSON.stringify({answers: collect()})
        }).then(function (response) {
            return response.json().then(function (data) {
                if (response.ok) {
                    say(form.getAttribute("data-saved-text") + " " + data.saved_at);
                } else {
                    say(form.getAttribute("data-error-text") + ": " + (data.error || response.status));
                }
            });
        }).catch(function () {
            dirty = true;
            say(form.getAttribute("data-error-text"));
        });
    }

    function schedule() {
        dirty = true;
        if (timer) { clearTimeout(timer); }
        timer = setTimeout(function () { save(false); }, 800);
    }

    form.addEventListener("change", schedule);
    form.addEventListener("input", schedule);
    form.addEventListener("submit", function () { submitting = true; });
    if (saveButton) {
        saveButton.hidden = false;
        saveButton.addEventListener("click", function () { save(false); });
    }
    window.addEventListener("pagehide", function () { if (dirty) { save(true); } });
    setInterval(function () { if (dirty) { save(false); } }, 15000);

    var clock = document.getElementById("quiz-timer");
    var value = document.getElementById("quiz-timer-value");
    if (clock && value) {
        var endsAt = Date.now() + parseInt(clock.getAttribute("data-seconds-left"), 10) * 1000;
        var tick = function () {
            var left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
            var minutes = Math.floor(left / 60);
            var seconds = left % 60;
            value.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
            if (left === 60) { clock.setAttribute("aria-live", "assertive"); }
            if (left <= 0 && !submitting) {
                say(form.getAttribute("data-timeup-text"));
                submitting = true;
                form.submit();
                return;
            }
            setTimeout(tick, 1000);
        };
        tick();
    }
}());
