// Small progressive enhancements; every page works without JavaScript.
document.addEventListener('click', (e) => {
  const back = e.target.closest('[data-back]');
  if (back && history.length > 1) { e.preventDefault(); history.back(); }
});
document.addEventListener('submit', (e) => {
  const msg = e.target.getAttribute('data-confirm');
  if (msg && !window.confirm(msg)) e.preventDefault();
});
// Auto-submit filter forms when a select changes.
document.querySelectorAll('form[data-autosubmit] select').forEach((s) =>
  s.addEventListener('change', () => s.form.requestSubmit()));
