// Communities: ask before irreversible actions (forms carrying data-confirmer="…").
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!(form instanceof HTMLFormElement)) return;
  var message = form.getAttribute("data-confirmer");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
