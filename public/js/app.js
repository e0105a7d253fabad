// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to an error summary so screen-reader and keyboard users land on what to fix.
  const summary = document.querySelector("[data-focus]");
  if (summary) summary.focus();

  // A second click on a submit button does nothing while the first submission is on its way.
  for (const form of document.querySelectorAll("form[data-once]")) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.submitting) {
        event.preventDefault();
        return;
      }
      form.dataset.submitting = "true";
      for (const button of form.querySelectorAll("button[type=submit]"))
        button.setAttribute("aria-disabled", "true");
    });
  }
});
